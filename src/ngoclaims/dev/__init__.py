"""Developer tools: the data mutation test, the prose and notebook hygiene checks."""
