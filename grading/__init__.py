"""Grading recorded games: rubrics, criteria, grades and class reports. Clients of ``engine``."""
