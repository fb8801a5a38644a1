"""``--keep-columns``: the input columns passed through after the scored ones, on both engines — by default
the columns fanpin does not read; ``all``; ``none``; or the headers named, known columns too (户主姓名
masked, the incomes as written). Personal columns are masked wherever they go."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from fanpin import Scorer
from fanpin.model.columns import ALIASES
from fanpin.results.columns import HEADERS, OUTPUT_COLUMNS
from tests.helpers import AS_OF, REGION, read_csv, score_file, write_rows

ID = "532328199001011234"
SOURCE = [
    "户编号,行政区划代码,户类型,家庭人口数,户主证件号码,户主姓名,工资性收入,生产经营性收入,财产性收入,转移性收入,备注,联系电话",
    f'H1,532328,脱贫户,2,{ID},李某华,"8,700.50",0,0,0,note 1,13812345678',
    f"H2,532328,一般农户,3,{ID},王某,20000,100,0,0,,13812345678",
]


def _score(engine_name: str, tmp_path: Path, *options: str, fmt: str = "csv") -> tuple[int, str, Path]:
    source = write_rows(tmp_path / "in.csv", SOURCE)
    out = tmp_path / f"{engine_name}.{fmt}"
    code, _, err = score_file(source, out, tmp_path / f"{engine_name}.errors.csv", "--engine", engine_name, *options)
    return code, err, out


def _kept(path: Path) -> list[list[str]]:
    rows = read_csv(path)
    return [list(r)[len(OUTPUT_COLUMNS) :] for r in rows[:1]] + [list(r.values())[len(OUTPUT_COLUMNS) :] for r in rows]


def test_by_default_the_columns_fanpin_does_not_read_pass_through(engine_name: str, tmp_path: Path) -> None:
    code, err, out = _score(engine_name, tmp_path)
    assert code == 0, err
    assert _kept(out) == [["备注", "联系电话"], ["note 1", "1381***5678"], ["", "1381***5678"]]


def test_named_columns_known_ones_too_in_the_order_named(engine_name: str, tmp_path: Path) -> None:
    code, err, out = _score(engine_name, tmp_path, "--keep-columns", "工资性收入,户主姓名,户主证件号码,备注")
    assert code == 0, err
    assert _kept(out) == [
        ["工资性收入", "户主姓名", "户主证件号码", "备注"],
        ["8,700.50", "李**", "5323**********1234", "note 1"],  # as written, personal ones masked
        ["20000", "王*", "5323**********1234", ""],
    ]
    text = out.read_text(encoding="utf-8-sig")
    assert ID not in text and "李某华" not in text and "13812345678" not in text


def test_all_columns_pass_through_masked_the_same_on_both_engines(tmp_path: Path) -> None:
    outputs = {}
    for engine_name in ("batch", "durable"):
        for fmt in ("csv", "jsonl", "parquet"):
            folder = tmp_path / f"{engine_name}-{fmt}"
            folder.mkdir()
            code, err, out = _score(engine_name, folder, "--keep-columns", "all", fmt=fmt)
            assert code == 0, err
            outputs[(engine_name, fmt)] = out
    for fmt in ("csv", "jsonl"):
        assert outputs[("batch", fmt)].read_bytes() == outputs[("durable", fmt)].read_bytes()
    batch, durable = (pl.read_parquet(outputs[(e, "parquet")]) for e in ("batch", "durable"))
    assert batch.equals(durable)
    kept = batch.columns[len(OUTPUT_COLUMNS) :]
    # 户编号 and 行政区划代码 are output columns already: not repeated.
    assert kept == ["户类型", "家庭人口数", "户主证件号码", "户主姓名", "工资性收入", "生产经营性收入", "财产性收入",
                    "转移性收入", "备注", "联系电话"]  # fmt: skip
    assert batch.get_column("户主姓名").to_list() == ["李**", "王*"]
    assert batch.get_column("联系电话").to_list() == ["1381***5678"] * 2
    assert batch.schema["工资性收入"] == pl.String  # passed through as written
    record = json.loads(outputs[("batch", "jsonl")].read_text(encoding="utf-8").splitlines()[0])
    assert record["input"]["户主证件号码"] == "5323**********1234" and record["input"]["工资性收入"] == "8,700.50"


def test_none_passes_nothing_through(engine_name: str, tmp_path: Path) -> None:
    code, err, out = _score(engine_name, tmp_path, "--keep-columns", "none")
    assert code == 0, err
    assert list(read_csv(out)[0]) == list(OUTPUT_COLUMNS)


def test_an_english_header_kept_beside_the_fact_it_feeds(engine_name: str, tmp_path: Path) -> None:
    """wage_income is both a fact (whole fen) and, kept, the cell as written: the output has the cell."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            "household_id,region_code,household_type,size,wage_income,business_income,property_income,transfer_income",
            "H1,532328,脱贫户,2,8700.5,0,0,0",
        ],
    )
    out = tmp_path / "o.csv"
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name, "--keep-columns", "wage_income")
    assert code == 0, err
    row = read_csv(out)[0]
    assert row["wage_income"] == "8700.5" and row["income_per_capita"] == "4350.25"


def test_a_column_the_file_does_not_have_is_refused(engine_name: str, tmp_path: Path) -> None:
    code, err, out = _score(engine_name, tmp_path, "--keep-columns", "备注,姓名")
    assert code == 2
    assert "--keep-columns names '姓名', which the file does not have" in err and "备注" in err
    assert not out.exists() and not (tmp_path / f"{engine_name}.errors.csv").exists()


def test_an_output_column_asked_for_is_not_repeated(engine_name: str, tmp_path: Path) -> None:
    code, err, out = _score(engine_name, tmp_path, "--keep-columns", "户编号,备注")
    assert code == 0
    assert "户编号 is an output column already" in err
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header == [*(HEADERS["zh"][c] for c in OUTPUT_COLUMNS), "备注"]


def test_the_library_keeps_columns_of_a_table() -> None:
    frame = pl.DataFrame(
        {
            "户编号": ["H1"], "行政区划代码": [REGION], "户类型": ["脱贫户"], "家庭人口数": ["2"],
            "户主姓名": ["李某华"], "工资性收入": ["1000"], "生产经营性收入": ["0"], "财产性收入": ["0"],
            "转移性收入": ["0"], "备注": ["x"],
        }
    )  # fmt: skip
    scored = Scorer().score(frame, as_of=AS_OF, keep_columns=["户主姓名", "工资性收入"]).scored
    assert scored.columns == [*OUTPUT_COLUMNS, "户主姓名", "工资性收入"]
    assert scored.row(0, named=True)["户主姓名"] == "李**"
    assert Scorer().score(frame, as_of=AS_OF).scored.columns == [*OUTPUT_COLUMNS, "备注"]


@pytest.mark.parametrize("spec", ["all", "备注"])
def test_the_person_level_export_notes_that_it_keeps_nothing(spec: str, tmp_path: Path) -> None:
    from tests.paths import EXPORT_XLSX

    code, _, err = score_file(EXPORT_XLSX, tmp_path / "o.csv", tmp_path / "e.csv", "--keep-columns", spec)
    assert code == 3
    assert "--keep-columns applies to a household table" in err


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_header_holding_a_personal_number_is_not_passed_through(engine_name: str, fmt: str, tmp_path: Path) -> None:
    """A value typed into the header row (王大锤13912345678, an ID number) was written in clear as a column
    name of every output; it is left out with a note, and kept as it is only under --keep-identities."""
    headers = ("王大锤13912345678", "532328198001011006")
    source = write_rows(
        tmp_path / "in.csv", [SOURCE[0] + "," + ",".join(headers), *(row + ",x,y" for row in SOURCE[1:])]
    )
    out = tmp_path / f"o.{fmt}"
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0, err
    written = out.read_text(encoding="utf-8-sig")
    assert not [h for h in headers if h in written or h in err]
    assert "the column 王大锤1391***5678 is not passed through" in err and "5323**********1006" in err
    assert "备注" in written  # the other columns pass through as before
    kept = tmp_path / f"k.{fmt}"
    code, _, err = score_file(source, kept, tmp_path / "e2.csv", "--engine", engine_name, "--keep-identities")
    assert code == 0 and all(h in kept.read_text(encoding="utf-8-sig") for h in headers), err


def test_a_column_of_health_details_under_another_header_is_masked_whole(engine_name: str, tmp_path: Path) -> None:
    """健康状况 was masked whole, 患病情况 or 疾病名称 written in clear; each is masked keeping nothing (its first
    character had been kept, as a name's is: 尿**** for 尿毒症晚期)."""
    headers = ("患病情况", "疾病名称", "慢性病病种", "诊断结果")
    source = write_rows(
        tmp_path / "in.csv",
        [SOURCE[0] + "," + ",".join(headers), *(row + ",尿毒症晚期,艾滋病,高血压,肺结核" for row in SOURCE[1:])],
    )
    out = tmp_path / "o.csv"
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0, err
    rows = read_csv(out)
    assert [[r[h] for h in headers] for r in rows] == [["**", "**", "**", "**"]] * 2


def test_a_column_without_a_header_is_named_in_a_note_when_columns_are_kept(engine_name: str, tmp_path: Path) -> None:
    """``--keep-columns all`` keeps every column with a header; one without a header cannot be a column of
    the output, and was left out without a word."""
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,,备注\nH1,脱贫户,4,1,0,0,0,c,ok\n",
        encoding="utf-8",
    )
    run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name, "--keep-columns", "all")
    assert run.code == 0, run.err
    assert "the column(s) at position 8 have no header: they are not passed through" in run.err


def test_a_kept_header_that_reads_as_a_formula_is_escaped_in_csv(engine_name: str, tmp_path: Path) -> None:
    """A passed-through column's header is the input's text, written in the CSV's header row: ``=cmd…``
    there ran as a formula when the file was opened in a spreadsheet, while the cells under it were
    escaped. It gets the leading ``'`` the cells get; a header that is a number or plain text does not."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,"
            "=cmd|' /C calc'!A0,@x,-1,备注",
            "H1,532328,脱贫户,2,100,0,0,0,=1+1,a,b,c",
        ],
    )
    out = tmp_path / "out.csv"
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0, err
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[len(OUTPUT_COLUMNS) :] == ["'=cmd|' /C calc'!A0", "'@x", "-1", "备注"]
    assert read_csv(out)[0]["'=cmd|' /C calc'!A0"] == "'=1+1"


@pytest.mark.parametrize(
    ("dropped", "said"), [(("县", "乡", "村"), "passes no column through"), (("县",), "passes 乡, 村")]
)
def test_the_export_note_names_the_places_it_passes_through(
    dropped: tuple[str, ...], said: str, tmp_path: Path
) -> None:
    """The note said the export passes its 县, 乡 and 村 through, also for an export that has none of them, and
    the scored file then held no such column: it names the columns the file has."""
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(tmp_path / "export.csv", 5, seed=3)
    lines = source.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("县,乡,村,"))
    drop = [i for i, h in enumerate(lines[at].split(",")) if h in dropped]
    cut = [",".join(c for i, c in enumerate(line.split(",")) if i not in drop) for line in lines[at:]]
    source.write_text("\n".join([*lines[:at], *cut]) + "\n", encoding="utf-8")
    code, _, err = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--keep-columns", "all")
    assert code in (0, 3), err
    assert said in err, err
    header = (tmp_path / "o.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[len(OUTPUT_COLUMNS) :] == [p for p in ("县", "乡", "村") if p not in dropped]


@pytest.mark.parametrize("keep", [None, "all", "named"])
def test_an_input_column_named_as_an_output_column_is_noted(engine_name: str, tmp_path: Path, keep: str | None) -> None:
    """An input column with an output column's name (``alert_level``, 预警等级, in either language or by id)
    was dropped without a word unless named: every one is now noted, whatever the columns kept (by default
    those fanpin does not read: income_per_capita is read), and the rest of the input passes through."""
    names = sorted({*OUTPUT_COLUMNS, *(h for headers in HEADERS.values() for h in headers.values())})
    names = [n for n in names if n not in ("household_id", "region_code", "户编号", "行政区划代码")]
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,备注"
    source = write_rows(
        tmp_path / "in.csv",
        [",".join([header, *names]), ",".join(["H1,532328,脱贫户,2,100,0,0,0,n", *"1" * len(names)])],
    )
    out = tmp_path / "o.csv"
    options = [] if keep is None else ["--keep-columns", ",".join(["备注", *names]) if keep == "named" else keep]
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name, *options)
    assert code == 0, err
    for name in names if keep is not None else [n for n in names if n not in ALIASES]:  # not a column fanpin reads
        note = f"fanpin: note: the column {name} is not passed through: it is the name of a column of the scored table"
        assert note in err, name
    assert read_csv(out)[0]["备注"] == "n"
