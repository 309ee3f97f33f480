"""Many-game experiments (the balance lab) on executors: clients of ``engine`` and ``players``."""
