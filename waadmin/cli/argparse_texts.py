"""argparse's own texts that a user of waadmin meets ("usage:", "options", its errors), marked
so that tools/update_cli_catalogue.py puts them in the CLI's catalogue: argparse looks them up
through the ``_`` and ``ngettext`` of its module, which waadmin.cli.i18n points at that catalogue.
Spelled as Python 3.11 to 3.13 spell them; argparse's messages for programmers' mistakes (a
conflicting option string, a bad ``dest=``) are left in English."""

from waadmin.domain.messages import N_

TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plural_marks(ngettext) -> None:  # noqa: ANN001 - never called: marks argparse's one plural text for the extractor
    ngettext("expected %s argument", "expected %s arguments", 2)
