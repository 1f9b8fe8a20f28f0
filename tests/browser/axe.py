"""Accessibility check: axe-core on the current page, WCAG 2 A and AA rules; any violation fails the test."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}


def assert_accessible(page) -> None:
    results = _axe.run(page, options=WCAG_AA)
    violations = results.response["violations"]
    if violations:
        lines = [f"{page.url}: {len(violations)} axe violation(s)"]
        for violation in violations:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
        raise AssertionError("\n".join(lines))
