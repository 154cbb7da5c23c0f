"""Use cases of the payments service: async functions taking a unit of work and inputs."""
