"""How rule files and front matter are parsed: libyaml for speed, same result as PyYAML's
pure-Python safe loader, and the pure loader's messages on broken YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit.rules import RuleError, parse_rule_text, rules_root, safe_yaml

RULE_FILES = sorted(Path(str(rules_root())).rglob("*.yml"))


def test_there_are_rule_files_to_check():
    assert len(RULE_FILES) >= 20


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_libyaml_reads_each_rule_file_as_the_pure_loader_does(path):
    text = path.read_text(encoding="utf-8")
    assert safe_yaml(text) == yaml.safe_load(text)


def test_python_tags_are_refused_not_run():
    with pytest.raises(yaml.YAMLError):
        safe_yaml("!!python/object/apply:os.system ['echo hacked']")


def test_broken_rule_yaml_gets_the_pure_loaders_message_with_the_line():
    text = "id: demo\nversion: 1\nwords: [a, b\n"
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(RuleError) as ours:
        parse_rule_text(text, "demo.yml")
    assert str(pure.value) in str(ours.value)
    assert "line 4" in str(ours.value)
