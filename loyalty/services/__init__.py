"""Services: plain functions that views call; each takes the Altegio client it should use."""
