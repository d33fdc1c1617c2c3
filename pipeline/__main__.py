"""``python -m pipeline`` runs the ``polyleaf`` command."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="polyleaf")
