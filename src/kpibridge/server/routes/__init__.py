"""HTTP routes: pages (HTML), the JSON API under /api/v1, and sign-in."""
