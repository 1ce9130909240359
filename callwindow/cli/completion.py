"""`can-i-call completion bash|zsh|fish`: a completion script generated from the real parsers.

    eval "$(can-i-call completion bash)"          # in ~/.bashrc
    eval "$(can-i-call completion zsh)"           # in ~/.zshrc (after compinit)
    can-i-call completion fish | source           # in ~/.config/fish/config.fish

Every subcommand of callwindow.cli.common.SUBCOMMANDS is asked for its argparse parser
(`command_specs`), and the script lists every option string of it, the choices of the options
that have them, the options that take a file, and the words of nested commands (`dnc import`,
`audit export`). Nothing is listed by hand, so a new option completes the day it is added
(tests/test_cli_render.py drives the bash script against the parsers).

The parsers are built inside each command's function; they are captured by running the
function with no arguments while argparse's parsing entry point is replaced by one that
stops with the parser (`CapturedParser`, a BaseException so that no `except Exception` of a
command swallows it). Nothing else of the command runs: each parses its arguments first.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .common import EXIT_ALLOWED, SUBCOMMANDS, UsageError, fail, write

# metavars of options whose value is a file or a folder (complete file names)
_FILE_METAVARS = ("FILE", "PATH", "PATH_OR_URL", "DIR", "FOLDER", "OUTPUT", "KEYS")
_ZONE_OPTIONS = ("--zone", "--my-zone")


@dataclass
class CommandSpec:
    """What a command line after one subcommand word can complete."""

    options: list[str] = field(default_factory=list)  # every option string, in the parser's order
    choices: dict[str, list[str]] = field(default_factory=dict)  # option -> its values
    files: list[str] = field(default_factory=list)  # options that take a file name
    words: list[str] = field(default_factory=list)  # the word after the command: nested commands, shells
    values: list[str] = field(default_factory=list)  # options that take a value (fish must know)
    helps: dict[str, str] = field(default_factory=dict)  # option -> its help, shortened (fish shows it)


class CapturedParser(BaseException):
    """Raised by the replaced parse entry point, carrying the parser being asked to parse."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        super().__init__("parser captured")
        self.parser = parser


@contextmanager
def _capturing() -> Iterator[None]:
    original = argparse.ArgumentParser.parse_known_args

    def capture(self: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> Any:
        raise CapturedParser(self)

    argparse.ArgumentParser.parse_known_args = capture  # type: ignore[method-assign]
    try:
        yield
    finally:
        argparse.ArgumentParser.parse_known_args = original  # type: ignore[method-assign]


def parser_of(function: Callable[[list[str]], int]) -> argparse.ArgumentParser | None:
    """The parser a command function builds, or None when it parses nothing."""
    with _capturing():
        try:
            function([])
        except CapturedParser as captured:
            return captured.parser
        except (Exception, SystemExit):  # the command did something else first: nothing to complete
            return None
    return None


def subcommand_parser(name: str) -> argparse.ArgumentParser | None:
    """The parser of the subcommand `name` (its own, inside a shared parser when the module
    dispatches several words through one, as callwindow.cli.history does)."""
    command = SUBCOMMANDS[name]
    try:
        function = getattr(importlib.import_module(command.module), command.function)
    except ImportError:  # an optional extra (serve: the http extra) not installed
        return None
    parser = parser_of(function)
    if parser is None:
        return None
    nested = _subparsers(parser)
    if nested is not None and name in nested.choices and parser.prog.split()[-1] != name:
        chosen: argparse.ArgumentParser = nested.choices[name]
        return chosen
    return parser


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    for action in parser._actions:  # argparse's own attribute; no public way to list them
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def spec_of(parser: argparse.ArgumentParser, spec: CommandSpec | None = None) -> CommandSpec:
    """Every option of `parser` and of its nested commands (merged: `dnc import --format`)."""
    spec = spec if spec is not None else CommandSpec()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, nested in action.choices.items():
                if word not in spec.words:
                    spec.words.append(word)
                spec_of(nested, spec)
            continue
        if not action.option_strings:
            if action.choices:
                spec.words.extend(str(choice) for choice in action.choices if str(choice) not in spec.words)
            continue
        for option in action.option_strings:
            if option not in spec.options:
                spec.options.append(option)
            if action.nargs != 0 and option not in spec.values:
                spec.values.append(option)
            if action.help and action.help != argparse.SUPPRESS and option not in spec.helps:
                spec.helps[option] = _short_help(action.help)
            if action.choices:
                known = spec.choices.setdefault(option, [])
                known.extend(str(choice) for choice in action.choices if str(choice) not in known)
            metavar = str(action.metavar or "").upper()
            if action.nargs != 0 and any(word in metavar for word in _FILE_METAVARS) and option not in spec.files:
                spec.files.append(option)
    return spec


def _short_help(text: str) -> str:
    """An option's help in a few words: up to its first stop, colon or parenthesis, 60 characters."""
    for stop in (" (", ": ", "; ", ". "):
        text = text.split(stop, 1)[0]
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def command_specs() -> dict[str, CommandSpec]:
    """"" (the check of a number) and every subcommand word -> what it completes."""
    from .check import build_parser

    specs = {"": spec_of(build_parser())}
    for name in SUBCOMMANDS:
        parser = subcommand_parser(name)
        specs[name] = spec_of(parser) if parser is not None else CommandSpec(options=["--help"])
    return specs


def _zones() -> str:
    from ..settings import zone_names

    return " ".join(zone for zone in zone_names() if "/" in zone)


# ---------------------------------------------------------------- the scripts

_BASH = r"""# bash completion for can-i-call (generated by `can-i-call completion bash`)
_can_i_call() {
    local cur prev command opts="" files="" words=""
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    local commands="__COMMANDS__"
    command=""
    if [[ ${COMP_CWORD} -ge 2 ]] && [[ " ${commands} " == *" ${COMP_WORDS[1]} "* ]]; then
        command="${COMP_WORDS[1]}"
    fi
    case "${command}" in
__COMMANDS_CASES__
    esac
    if [[ -n "${files}" && " ${files} " == *" ${prev} "* ]]; then
        COMPREPLY=( $(compgen -f -- "${cur}") ); compopt -o filenames 2>/dev/null; return 0
    fi
    case "${prev}" in
        --zone|--my-zone)
            COMPREPLY=( $(compgen -W "__ZONES__" -- "${cur}") ); return 0 ;;
    esac
    if [[ ${COMP_CWORD} -eq 1 && "${cur}" != -* ]]; then
        COMPREPLY=( $(compgen -W "${commands}" -- "${cur}") ); return 0
    fi
    if [[ ${COMP_CWORD} -eq 2 && "${cur}" != -* && -n "${words}" ]]; then
        COMPREPLY=( $(compgen -W "${words}" -- "${cur}") ); return 0
    fi
    if [[ "${command}" == "list" && "${cur}" != -* ]]; then
        COMPREPLY=( $(compgen -f -- "${cur}") ); compopt -o filenames 2>/dev/null; return 0
    fi
    COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
}
complete -F _can_i_call can-i-call callwindow
"""

_ZSH = r"""#compdef can-i-call callwindow
# zsh completion for can-i-call (generated by `can-i-call completion zsh`)
_can_i_call() {
    local -a commands
    local opts="" files="" words="" command=""
    commands=(__COMMANDS_DESCRIBED__)
    if (( CURRENT > 2 )) && (( ${commands[(I)${words[2]}:*]} )); then
        command="${words[2]}"
    fi
    local prev="${words[CURRENT-1]}"
    case "${command}" in
__COMMANDS_CASES__
    esac
    if [[ -n "${files}" && " ${files} " == *" ${prev} "* ]]; then
        _files; return
    fi
    case "${prev}" in
        --zone|--my-zone) compadd -- __ZONES__; return ;;
    esac
    if (( CURRENT == 2 )) && [[ "${words[CURRENT]}" != -* ]]; then
        _describe 'command' commands; return
    fi
    if (( CURRENT == 3 )) && [[ "${words[CURRENT]}" != -* && -n "${words}" ]]; then
        compadd -- ${=words}; return
    fi
    if [[ "${command}" == "list" && "${words[CURRENT]}" != -* ]]; then
        _files; return
    fi
    compadd -- ${=opts}
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _can_i_call "$@"
else
    compdef _can_i_call can-i-call callwindow
fi
"""


_FISH = r"""# fish completion for can-i-call (generated by `can-i-call completion fish`)
function __can_i_call_command
    # the subcommand word, or "" for the check of a number
    set -l words (commandline -opc)
    if test (count $words) -ge 2; and contains -- $words[2] __COMMANDS__
        echo $words[2]
    else
        echo ""
    end
end
function __can_i_call_is
    test (__can_i_call_command) = "$argv[1]"
end
function __can_i_call_word_count
    test (count (commandline -opc)) -eq $argv[1]
end
function __can_i_call_zones
    printf '%s\n' __ZONES__
end
complete -c can-i-call -f
__COMMAND_WORDS__
__COMMANDS_CASES__
complete -c callwindow -w can-i-call
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_lines(name: str, spec: CommandSpec) -> list[str]:
    """The `complete` lines of one command: each option with its values, files or choices."""
    test = f"__can_i_call_is {_fish_quote(name)}"
    condition = f"-n {_fish_quote(test)}"
    lines = []
    if spec.words:  # nested commands (dnc import), right after the command word
        nested = _fish_quote(f"{test}; and __can_i_call_word_count 2")
        lines.append(f"complete -c can-i-call -n {nested} -a {_fish_quote(' '.join(spec.words))}")
    if name == "list":
        lines.append(f"complete -c can-i-call {condition} -F")  # the lead list is a file
    for option in spec.options:
        flag = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
        parts = [f"complete -c can-i-call {condition} {flag}"]
        if option in spec.choices:
            parts.append(f"-x -a {_fish_quote(' '.join(spec.choices[option]))}")
        elif option in _ZONE_OPTIONS:
            parts.append("-x -a '(__can_i_call_zones)'")
        elif option in spec.files:
            parts.append("-r -F")
        elif option in spec.values:
            parts.append("-x")
        if option in spec.helps:
            parts.append(f"-d {_fish_quote(spec.helps[option])}")
        lines.append(" ".join(parts))
    return lines


def _fish(specs: dict[str, CommandSpec]) -> str:
    commands = [f"complete -c can-i-call -n '__can_i_call_word_count 1' -a {name} -d {_fish_quote(command.summary)}"
                for name, command in SUBCOMMANDS.items()]
    cases = "\n".join(line for name, spec in specs.items() for line in _fish_lines(name, spec))
    return (_FISH.replace("__COMMANDS__", " ".join(SUBCOMMANDS)).replace("__COMMAND_WORDS__", "\n".join(commands))
            .replace("__COMMANDS_CASES__", cases).replace("__ZONES__", _zones()))


def _case(name: str, spec: CommandSpec, shell: str) -> str:
    """One `case` branch: the options, files and words of a command, and its choices by prev."""
    label = name or '""'
    lines = [f'        {label})',
             f'            opts="{" ".join(spec.options)}"; files="{" ".join(spec.files)}"',
             f'            words="{" ".join(spec.words)}"']
    if spec.choices:
        lines.append('            case "${prev}" in')
        for option, values in spec.choices.items():
            joined = " ".join(values)
            if shell == "bash":
                reply = f'COMPREPLY=( $(compgen -W "{joined}" -- "${{cur}}") ); return 0 ;;'
                lines.append(f"                {option}) {reply}")
            else:
                lines.append(f"                {option}) compadd -- {joined}; return ;;")
        lines.append("            esac")
    lines.append("            ;;")
    return "\n".join(lines)


def script(shell: str, specs: dict[str, CommandSpec] | None = None) -> str:
    specs = specs if specs is not None else command_specs()
    if shell == "fish":
        return _fish(specs)
    cases = "\n".join(_case(name, spec, shell) for name, spec in specs.items())
    zones = _zones()
    if shell == "bash":
        return (_BASH.replace("__COMMANDS__", " ".join(SUBCOMMANDS)).replace("__COMMANDS_CASES__", cases)
                .replace("__ZONES__", zones))
    quote = "'"
    described = " ".join(f"'{name}:{command.summary.replace(quote, '')}'" for name, command in SUBCOMMANDS.items())
    # zsh's `words` array is the command line: the spec's words go in another variable name
    zsh = _ZSH.replace('words=""', 'nested=""').replace('-n "${words}"', '-n "${nested}"')
    zsh = zsh.replace("${=words}", "${=nested}")
    cases = cases.replace('            words="', '            nested="')
    return (zsh.replace("__COMMANDS_DESCRIBED__", described).replace("__COMMANDS_CASES__", cases)
            .replace("__ZONES__", zones))


def completion_main(argv: Sequence[str]) -> int:
    from .common import OneLineParser

    parser = OneLineParser(
        prog="can-i-call completion",
        description="Print a shell completion script for can-i-call.",
        epilog='examples:\n  eval "$(can-i-call completion bash)"     add to ~/.bashrc\n'
               '  eval "$(can-i-call completion zsh)"      add to ~/.zshrc, after compinit\n'
               '  can-i-call completion zsh > "${fpath[1]}/_can-i-call"\n'
               '  can-i-call completion fish | source     add to ~/.config/fish/config.fish',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=["bash", "zsh", "fish"])
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    write(script(args.shell).rstrip("\n"))
    return EXIT_ALLOWED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(completion_main(sys.argv[1:]))
