"""The module map of ``pipeline/``: lines per module and the longest functions (ast only).

    python bench/module_map.py [--top N] [--modules N]

Prints Markdown tables (for docs/notes/architecture.md): the largest modules by line
count, and the longest functions with their cyclomatic complexity (radon's when it is
installed, else a count of branch nodes + 1, which is radon's rule for the common nodes).
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "pipeline"
_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.With, ast.AsyncWith, ast.IfExp,
             ast.comprehension, ast.Assert, ast.match_case)


def _complexity(node: ast.AST) -> int:
    n = 1
    for sub in ast.walk(node):
        if isinstance(sub, _BRANCHES):
            n += 1
        elif isinstance(sub, ast.BoolOp):
            n += len(sub.values) - 1
    return n


def module_map(root: Path = ROOT) -> tuple[list[tuple[str, int]], list[tuple[str, int, int]]]:
    modules, functions = [], []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        modules.append((rel, text.count("\n")))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((f"{rel}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1, _complexity(node)))
    modules.sort(key=lambda m: -m[1])
    functions.sort(key=lambda f: -f[1])
    return modules, functions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--modules", type=int, default=15)
    args = ap.parse_args()
    modules, functions = module_map()
    total = sum(n for _, n in modules)
    print(f"{len(modules)} modules, {total} lines; {len(functions)} functions, "
          f"{sum(1 for f in functions if f[1] > 60)} longer than 60 lines\n")
    print("| module | lines |\n|---|---:|")
    for rel, n in modules[: args.modules]:
        print(f"| {rel} | {n} |")
    print("\n| function | lines | complexity |\n|---|---:|---:|")
    for name, n, cc in functions[: args.top]:
        print(f"| {name} | {n} | {cc} |")


if __name__ == "__main__":
    main()
