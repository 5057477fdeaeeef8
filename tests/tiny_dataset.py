"""A hand-made dataset for the network builders, the measures and the sensitivity table.

The comments of the tests that use it work out each network from these rows. In short:

- Iran's core: ``iran``, ``irgc``, ``quds-force`` and the person ``soleimani`` (Quds Force).
- Partners: ``hizballah`` (led by the person ``nasrallah``), ``hamas`` (in the axis 1990-2011
  and from 2018, by ``axis_periods``), ``badr`` and ``aah`` (members of the coalition ``fateh``
  from 2018), ``awh`` (a front name of ``aah`` from 2021). ``israel`` is not an axis member.
- Sources: ``s-article`` and ``s-article-web`` are two versions of one work (``article``).
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pandas as pd

ACTORS = [
    # id, name, kind, country, iran_core, axis_member, affiliation
    ("iran", "Iran", "state", "Iran", True, True, None),
    ("irgc", "IRGC", "state_body", "Iran", True, True, None),
    ("quds-force", "Quds Force", "state_body", "Iran", True, True, None),
    ("soleimani", "Soleimani", "person", "Iran", True, True, "quds-force"),
    ("hizballah", "Hizballah", "armed_group", "Lebanon", False, True, None),
    ("nasrallah", "Nasrallah", "person", "Lebanon", False, True, "hizballah"),
    ("hamas", "Hamas", "armed_group", "Palestine", False, True, None),
    ("badr", "Badr", "armed_group", "Iraq", False, True, None),
    ("aah", "AAH", "armed_group", "Iraq", False, True, None),
    ("fateh", "Fateh", "coalition", "Iraq", False, True, None),
    ("awh", "AWH", "armed_group", "Iraq", False, True, None),
    ("israel", "Israel", "state", "Israel", False, False, None),
]

TIES = """\
id,from_actor,to_actor,type,directed,start,end,confidence,sources,start_basis,episode
t-cmd,iran,irgc,command,true,1980,,high,s-other,known,
t-fund,irgc,hizballah,funding,true,1985,,high,s-article;s-other,known,
t-arms,quds-force,hizballah,arms_transfer,true,1995,,medium,s-article-web,known,
t-lead-s,soleimani,quds-force,leadership,true,1998,2020-01-03,high,s-news,known,
t-lead-n,nasrallah,hizballah,leadership,true,1992,,high,s-news,known,
t-sol-badr,soleimani,badr,advising,true,2014,2020-01-03,medium,s-news,known,
t-hz-hamas,hizballah,hamas,political_alliance,false,2020-09,,low,s-article,first_documented,
t-med-1,hizballah,badr,mediation,true,2021,,medium,s-article,,e1
t-med-2,hizballah,aah,mediation,true,2021,,medium,s-article,,e1
t-def,aah,iran,defiance,true,2020-11,,medium,s-article,,
t-riv,israel,hizballah,rivalry,false,1982,,high,s-news,,
t-mem-badr,badr,fateh,membership,true,2018,,high,s-news,,
t-mem-aah,aah,fateh,membership,true,2018,,high,s-news,,
t-fateh,fateh,hizballah,political_alliance,false,2018,,medium,s-news,known,
t-front,awh,aah,front_of,true,2021,,low,s-news,,
t-awh,quds-force,awh,command,true,2021,,low,s-news,known,
t-hamas-iran,iran,hamas,funding,true,1992,,high,s-news,known,
"""

PERIODS = [
    ("hamas", "1990", "2011-12-31"),
    ("hamas", "2018", None),
]

SOURCES = [
    ("s-article", "article"),
    ("s-article-web", "article"),
    ("s-news", None),
    ("s-other", None),
]


def tiny() -> SimpleNamespace:
    """The dataset as the loader would return it (dates parsed, sources as tuples)."""
    actors = pd.DataFrame(
        ACTORS,
        columns=["id", "name", "kind", "country", "iran_core", "axis_member", "affiliation"],
    )
    actors["founded"] = pd.NaT
    actors["ended"] = pd.NaT
    ties = pd.read_csv(io.StringIO(TIES), dtype=str, keep_default_na=False)
    ties = ties.replace("", None)
    ties["directed"] = ties["directed"] == "true"
    ties["start"] = pd.to_datetime(ties["start"], format="mixed")
    ties["end"] = pd.to_datetime(ties["end"], format="mixed")
    ties["sources"] = ties["sources"].map(lambda s: tuple(s.split(";")))
    ties["attributed_to"] = None
    periods = pd.DataFrame(PERIODS, columns=["actor", "start", "end"])
    periods["start"] = pd.to_datetime(periods["start"], format="mixed")
    periods["end"] = pd.to_datetime(periods["end"], format="mixed")
    sources = pd.DataFrame(SOURCES, columns=["id", "work"])
    return SimpleNamespace(ties=ties, actors=actors, axis_periods=periods, sources=sources)
