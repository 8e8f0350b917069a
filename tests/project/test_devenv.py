"""The rule for `.env.dev` (annotator/devenv.py): the environment wins, and the file's
secret is used only when DEBUG is on."""

from annotator import devenv

FILE = "# comment\nDEBUG=1\nSECRET_KEY=local-secret\nDATABASE_URL=postgres://ignored\n"


def applied(environ: dict[str, str]) -> dict[str, str]:
    devenv.apply(devenv.parse(FILE), environ)
    return environ


def test_a_fresh_terminal_gets_debug_and_the_local_secret():
    assert applied({}) == {"DEBUG": "1", "SECRET_KEY": "local-secret"}


def test_debug_off_in_the_environment_never_gets_the_local_secret():
    assert applied({"DEBUG": "0"}) == {"DEBUG": "0"}


def test_a_secret_in_the_environment_wins():
    assert applied({"SECRET_KEY": "mine"}) == {"DEBUG": "1", "SECRET_KEY": "mine"}


def test_only_debug_and_the_secret_are_read_from_the_file():
    assert set(devenv.parse(FILE)) == {"DEBUG", "SECRET_KEY"}


def test_a_new_file_has_debug_on_and_a_fresh_secret_each_time():
    first, second = devenv.parse(devenv.render()), devenv.parse(devenv.render())
    assert first["DEBUG"] == "1" and len(first["SECRET_KEY"]) >= 50
    assert first["SECRET_KEY"] != second["SECRET_KEY"]


def test_no_file_changes_nothing(tmp_path):
    environ = {}
    assert devenv.load(tmp_path, environ) is False and environ == {}
