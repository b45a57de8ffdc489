"""A chart's static image is drawn once per spec: kept under the project's _build, named by
the spec and the versions that draw it, and drawn again when any of them changes."""

from __future__ import annotations

import time

import pytest

from ngoclaims import paths
from ngoclaims.chapters import charts


def _spec(value: float) -> dict:
    return {
        "mark": "point",
        "data": {"values": [{"a": value}]},
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("root: intro\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    paths.use_root(None)
    return paths.Paths(tmp_path)


def _count_drawings(monkeypatch) -> list[dict]:
    drawn: list[dict] = []
    real = charts.vlc.vegalite_to_svg

    def draw(spec, **kwargs):
        drawn.append(spec)
        return real(spec, **kwargs)

    monkeypatch.setattr(charts.vlc, "vegalite_to_svg", draw)
    return drawn


def test_the_same_spec_is_drawn_once_and_read_back_the_same(project, monkeypatch):
    drawn = _count_drawings(monkeypatch)
    first = charts.static_svg(_spec(1))
    assert first.lstrip().startswith("<svg")
    assert charts.static_svg(_spec(1)) == first
    assert len(drawn) == 1
    assert len(list(project.chart_images.glob("*.svg"))) == 1


def test_a_changed_spec_or_version_is_drawn_again(project, monkeypatch):
    drawn = _count_drawings(monkeypatch)
    one, two = charts.static_svg(_spec(1)), charts.static_svg(_spec(2))
    assert one != two and len(drawn) == 2
    monkeypatch.setattr(charts.vlc, "__version__", "0.0.1")  # another vl-convert
    charts.static_svg(_spec(1))
    assert len(drawn) == 3


def test_outside_a_project_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths.use_root(None)
    drawn = _count_drawings(monkeypatch)
    charts.static_svg(_spec(1))
    charts.static_svg(_spec(1))
    assert len(drawn) == 2
    assert not any(tmp_path.rglob("*.svg"))


def test_only_the_most_recently_used_images_are_kept(project, monkeypatch):
    monkeypatch.setattr(charts, "SVG_KEPT", 2)
    for value in (1, 2, 1, 3):  # 1 used again: now newer than 2
        charts.static_svg(_spec(value))
        time.sleep(0.02)  # beyond the file system's clock tick
    drawn = _count_drawings(monkeypatch)
    charts.static_svg(_spec(1))
    assert drawn == []  # kept
    charts.static_svg(_spec(2))
    assert len(drawn) == 1  # dropped, so drawn again
    assert len(list(project.chart_images.glob("*.svg"))) == 2
