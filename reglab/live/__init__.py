"""Live dialog at meetings: questions answered on phones with a join code."""
