// coprod — co-production toolkit. Apache-2.0.
