"""Views: one small async function per page; each renders the page or its htmx partial."""
