#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main():
    # In a checkout where `make run` wrote .env.dev: DEBUG and the local secret from it,
    # unless the environment says otherwise (the rule is in annotator/devenv.py).
    from annotator import devenv

    devenv.load(Path(__file__).resolve().parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
