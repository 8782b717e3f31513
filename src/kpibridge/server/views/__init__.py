"""Dashboard pages as data: role views, KPI cards, the KPI page and the funnel.

Each page is built once as a view model (plain dataclasses) that both the HTML template and
the JSON twin under /api/v1 render, so the two always agree.
"""
