"""Daikou warehouse service: owns arrivals, inspections with photos, exchange/return cases, parcels, shipments."""
