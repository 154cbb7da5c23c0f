"""Every area's routes: one module per area (`public`, `auth`, `customer_*`, `staff_*`, `ops_*`),
each with its module-level `router` (two when an area's routes must come first); `wiring` includes
them. Who may open a page is one dependency per role, in `deps`."""
