"""Developer tools run from a checkout: golden digests, the Python versions, the generated pages, the compiled build."""
