"""Documents the edges hand out: files made from what the services return (tables of
plain values), so no use case knows a file format."""
