"""The command's own messages in the user's language: the run's summary, its notes and warnings, and the
errors it stops at.

The files ``fanpin`` writes are in the language of ``--lang``; what it prints on the terminal is in the
language of the user's system, as command-line tools do (gettext's convention), so that a clerk on a
Chinese system reads Chinese without asking for it, and a script reading the messages of an English one
reads what it always read. :func:`message_language` decides it once, in :func:`fanpin.cli.main`; the
library itself never reads the environment for this (an error raised to a host application stays English).

Every message is written in English where it is made and translated here, last, where the command prints
it, as the errors file's reasons are (:mod:`fanpin.results.reasons`): matched against the English
templates of :data:`CATALOG` (``{name}`` stands for a file name, a number, a line, a value, a code: kept
as it is, or translated in turn when :data:`NESTED` says so). A message no template matches is printed
wholly in English, never half translated.

>>> message("note", "lines end both with LF and with CR alone: read row by row", "zh")
'fanpin: 注意：各行的换行符不一致（有的以 LF 结尾，有的只以 CR 结尾）：已改为逐行读取'
>>> message("note", "something fanpin has not translated", "zh")
'fanpin: note: something fanpin has not translated'
>>> message("", "interrupted; no output was written", "en")
'fanpin: interrupted; no output was written'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Literal

from fanpin._host import host_chinese
from fanpin.errors import STANDARD_OUTPUT, FanpinError, RecordValidationError, RulebookLoadError, output_name
from fanpin.model.columns import EXPORT_NO_REGION, EXPORT_REGION_OPTION, EXPORT_REGION_PARAMETER
from fanpin.model.parameters import PARAMETER_LABELS
from fanpin.model.record import (
    ADD_LEFT_OUT,
    ASSESS_UNKNOWN_KEY_FIX,
    CORRECT_VALUES,
    ONE_NAME_EACH,
    RECORD_FIXES,
    UNKNOWN_KEY_FIX,
    problem_place,
    problem_reason,
)
from fanpin.regions import PROVINCE_RULE
from fanpin.results.reasons import PROVINCE_RULE_ZH, reason_text

__all__ = [
    "CATALOG",
    "MESSAGES_VARIABLE",
    "MessageLang",
    "chinese",
    "chinese_line",
    "columns",
    "error_message",
    "finding_message",
    "message",
    "message_language",
    "stop_message",
    "wrapped",
]

MessageLang = Literal["zh", "en"]

#: The environment variable that chooses the language of the messages whatever the system's is.
MESSAGES_VARIABLE = "FANPIN_MESSAGES"

#: The POSIX locale variables, in their order of precedence (LANGUAGE: its first entry).
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

#: Windows' primary language id of Chinese (the low ten bits of a LANGID).
_LANG_CHINESE = 0x04


def _windows_ui_language() -> int | None:
    """The Windows user's UI language (a LANGID), or None where it cannot be asked for."""
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except Exception:  # no Windows, no kernel32, a sandbox: the messages are English then
        return None


def message_language(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    ui_language: Callable[[], int | None] = _windows_ui_language,
) -> tuple[MessageLang, str | None]:
    """The language of the command's messages, and a warning (in English) when :data:`MESSAGES_VARIABLE`
    holds a value that is no language of fanpin's.

    :data:`MESSAGES_VARIABLE` if it is set; else the first POSIX locale variable that is set (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``, then ``LANGUAGE``'s first entry), Chinese when it starts with ``zh``; else on
    Windows the user's UI language; else English.

    >>> message_language({"LANG": "zh_CN.UTF-8"}, "linux")
    ('zh', None)
    >>> message_language({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "linux")
    ('en', None)
    """
    chosen = environ.get(MESSAGES_VARIABLE, "").strip()
    if chosen:
        if chosen.lower() in ("zh", "en"):
            return ("zh" if chosen.lower() == "zh" else "en"), None
        return "en", (
            f"fanpin: warning: {MESSAGES_VARIABLE}={chosen} is not a language of fanpin's messages; they are in "
            f"English. Set {MESSAGES_VARIABLE}=zh (Chinese) or {MESSAGES_VARIABLE}=en (English)"
        )
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if name == "LANGUAGE":
            value = value.split(":")[0]
        if value.strip():
            return ("zh" if value.strip().lower().startswith("zh") else "en"), None
    if platform == "win32":
        ui = ui_language()
        if ui is not None and ui & 0x3FF == _LANG_CHINESE:
            return "zh", None
    return "en", None


#: The words before a message, in Chinese (``fanpin: error: …`` → ``fanpin: 错误：…``).
_KINDS_ZH = {"": "", "error": "错误：", "warning": "警告：", "WARNING": "警告：", "note": "注意："}

#: English template → Chinese. ``{name}`` stands for what varies; a name in :data:`NESTED` is translated
#: in turn, any other is kept as it is. The templates are tried in this order: the first that matches the
#: whole message, its nested parts translated, is its translation.
CATALOG: dict[str, str] = {
    # first: argparse names the option before any message about it, and the message's own template
    # (``{value} is not a date …``) would otherwise take the option's name as its value
    "argument {option}: {why}": "参数 {option}：{why}",
    # --- the run's own lines -----------------------------------------------------------------------------
    "scored {count} households from {input} ({encoding}) into {out}; rules {version}; rejected {rejected} row(s) "
    "→ {errors_out}; findings → {findings_out}": "已评分 {count} 户，来自 {input}（{encoding}），结果写入 {out}；"
    "规则版本 {version}；拒收 {rejected} 行 → {errors_out}；疑点清单 → {findings_out}",
    "scored {count} household from {input} ({encoding}) into {out}; rules {version}; rejected {rejected} row(s) "
    "→ {errors_out}; findings → {findings_out}": "已评分 {count} 户，来自 {input}（{encoding}），结果写入 {out}；"
    "规则版本 {version}；拒收 {rejected} 行 → {errors_out}；疑点清单 → {findings_out}",
    "scored {count} households from {input} ({encoding}) into {out}; rules {version}; rejected {rejected} row(s) "
    "→ {errors_out}": "已评分 {count} 户，来自 {input}（{encoding}），结果写入 {out}；规则版本 {version}；"
    "拒收 {rejected} 行 → {errors_out}",
    "scored {count} household from {input} ({encoding}) into {out}; rules {version}; rejected {rejected} row(s) "
    "→ {errors_out}": "已评分 {count} 户，来自 {input}（{encoding}），结果写入 {out}；规则版本 {version}；"
    "拒收 {rejected} 行 → {errors_out}",
    "wrote the report of {count} households from {scored} to {out}": "已把 {scored} 中 {count} 户的报告写入 {out}",
    "wrote the report of {count} household from {scored} to {out}": "已把 {scored} 中 {count} 户的报告写入 {out}",
    "the report would overwrite the scored file ({option} names it)": "报告会覆盖评分结果文件（{option} 指向了它）",
    "--chunk-rows must be at least 1": "--chunk-rows 至少为 1",
    "interrupted once the run was complete: its outputs are written": "运行完成后被中断：输出文件已写好",
    "not a scored file: it is the errors file fanpin score writes beside the scored table": (
        "不是评分结果文件：这是 fanpin score 在结果表旁写出的错误文件（拒收行清单）"
    ),
    "not a scored file: it is the worksheet of findings fanpin score writes beside the scored table": (
        "不是评分结果文件：这是 fanpin score 在结果表旁写出的疑点核查工作表"
    ),
    "report on the scored table of the same run (its --out)": (
        "请对同一次运行写出的评分结果表（--out 指定的文件）生成报告"
    ),
    "this is a table fanpin score wrote (its columns {columns} …): it holds scored households, not the households "
    "to score": "这是 fanpin score 写出的结果表（含有 {columns} 等列）：里面是评分结果，而不是待评分的农户",
    "score the household table or the export it was scored from; to sum up a scored file, run fanpin report on "
    "it": "请对当初评分所用的农户表或导出文件评分；要汇总评分结果，请对它运行 fanpin report",
    "the {option} file name is {count} bytes long, more than a file name may be ({most} bytes: 85 Chinese "
    "characters)": "{option} 的文件名长 {count} 字节，超过了文件名的上限（{most} 字节，即 85 个汉字）",
    "give {option} a shorter file name": "请给 {option} 换一个短一些的文件名",
    "户编号 (household_id) {value} is written in scientific notation, as Excel shows a number of 12 digits or more: "
    "its last digits are lost, so the households it stands for cannot be told apart ({count} row(s))": (
        "户编号 {value} 写成了科学计数法（Excel 显示 12 位及以上的数字时会这样写）：末尾几位已丢失，"
        "它代表的各户无法区分（共 {count} 行）"
    ),
    "行政区划代码 (region_code) {value} is written in scientific notation, as Excel shows a number of 12 digits or "
    "more: its last digits are lost, so the township and village of its households cannot be told ({count} "
    "row(s))": (
        "行政区划代码 {value} 写成了科学计数法（Excel 显示 12 位及以上的数字时会这样写）：末尾几位已丢失，"
        "这些农户所在的乡镇和村无法得知（共 {count} 行）"
    ),
    "report on the file fanpin score wrote, not one saved again by Excel (open a CSV in Excel through 数据 → "
    "从文本/CSV, the column as text), or score the households again": (
        "请对 fanpin score 写出的原文件生成报告，而不是用 Excel 另存过的文件（在 Excel 中用“数据 → 从文本/CSV”打开，"
        "并把该列设为文本），或重新评分"
    ),
    "interrupted; no output was written": "已中断；没有写出任何文件",
    "stopped ({signal}); no output was written": "已停止（{signal}）；没有写出任何文件",
    "the pipe the output went to was closed before the run ended; no errors file was written": (
        "输出所写入的管道在运行结束前被关闭；没有写出拒收行文件"
    ),
    "internal error ({where}); the run stopped and no output was written. This is a bug in fanpin: please report "
    "it with the command you ran and this line": (
        "内部错误（{where}）；运行已停止，没有写出任何文件。这是 fanpin 自身的缺陷："
        "请把您运行的命令和这一行一起报告给开发者"
    ),
    "--keep-identities: ID numbers, names, phone numbers and health details are written IN CLEAR into {out} and "
    "{errors_out}. Keep those files as you keep the source data, share them with no one who may not see it, and "
    "delete them when done.": (
        "--keep-identities：证件号码、姓名、电话号码和健康信息将以明文写入 {out} 和 {errors_out}。"
        "请像保管原始数据一样保管这些文件，不要提供给无权查看的人，用完后请删除。"
    ),
    "no household {household} in {input}": "{input} 中没有户编号为 {household} 的户",
    "did you mean {household}? give the 户编号 as the file writes it (fanpin score's output lists every "
    "household's)": "是否应为 {household}？请按文件中的写法填写户编号（fanpin score 的输出列有每户的户编号）",
    "a 户编号 shown with * is masked, as fanpin's outputs show one that is a person's number: give it whole, as the "
    "input file writes it": (
        "带 * 的户编号是脱敏后的（fanpin 的输出会对个人号码形式的户编号脱敏）：请按输入文件中的写法给出完整的户编号"
    ),
    "it is the ID number of a member of household {household} (line {line}): --household takes the household's "
    "户编号; give --household {household}": (
        "这是户 {household} 中一名成员的证件号码（第 {line} 行）：--household 要填的是户编号；"
        "请填 --household {household}"
    ),
    "give the 户编号 as the file writes it (fanpin score's output lists every household's)": (
        "请按文件中的写法填写户编号（fanpin score 的输出列有每户的户编号）"
    ),
    "{count} row(s) of the file name no 户编号 that can be read (the first on line {line}), and the household may be "
    "one of them: fanpin score --errors lists why each was refused; {fix}": (
        "文件中有 {count} 行的户编号无法读出（第一处在第 {line} 行），要找的户可能就在其中："
        "fanpin score --errors 会列出每行被拒收的原因；{fix}"
    ),
    # --- notes --------------------------------------------------------------------------------------------
    "--findings lists data-check findings; the data-check pack is off, so only the codes of your own rules can "
    "be listed: add --checks with (or only)": (
        "--findings 列出数据核查发现的疑点；疑点数据核查规则包没有启用，只能列出您自己规则的代码："
        "请加上 --checks with（或 --checks only）"
    ),
    "findings lists data-check findings, and no rule of this rulebook has a data-check code: the worksheet "
    'lists none; load the data-check pack with load_rulebook(checks="with")': (
        "疑点核查表列出数据核查发现的疑点，而本规则集没有一条规则带有疑点代码：核查表中不会列出任何疑点；"
        '请用 load_rulebook(checks="with") 加载数据核查规则包'
    ),
    "{why}: read row by row": "{why}：已改为逐行读取",
    "{asked} worker processes asked for (--workers): {cores} started, one per core this process may run on; more "
    "would only share those cores, each holding its own copy of fanpin and a chunk of households": (
        "要求 {asked} 个工作进程（--workers）：已启动 {cores} 个，即本进程可用的每个处理器核心一个；"
        "更多的进程只会分用这些核心，且每个都各持一份 fanpin 和一批户"
    ),
    "the households' rows are far apart in the file (sorted by another column?): they were grouped in temporary "
    "files, which takes longer": (
        "各户的成员行在文件中相隔较远（是否按其他列排过序？）：已在临时文件中按户归组，用时会长一些"
    ),
    "polars cannot split the file as it is written": "文件的写法无法按块快速读取",
    "polars cannot split the file as it is written (a stray quote?)": "文件的写法无法按块快速读取（可能有多余的引号）",
    "polars splits the file into other rows than the csv module": "按块读取与逐行读取划分出的行不一致",
    "a row holds more cells than polars was told to read": "有一行的单元格比预计的多",
    "lines end both with LF and with CR alone": "各行的换行符不一致（有的以 LF 结尾，有的只以 CR 结尾）",
    "a row holds more than {count} cells beyond the header": "有一行在表头之外还多出 {count} 个以上的单元格",
    "a quote stands inside a cell": "有单元格中间含有引号",
    "a line is not UTF-8 text": "有一行不是 UTF-8 文本",
    "the column {column} is not one fanpin reads; did you mean {known}? The file has no such column, so that fact "
    "is unknown on every row: rename the column if it is that one": (
        "fanpin 不读取 {column} 列；是否应为 {known}？文件中没有该列，因此每一行的这一项都按未知处理："
        "如果就是这一列，请改为该列名"
    ),
    "the column {column} is a value fanpin derives from the other columns ({field}): it is passed through, not "
    "read": "{column} 列是 fanpin 由其他各列算出的值（{field}）：原样输出，不读取",
    "the column {column} is a value fanpin derives from each household's member rows ({field}): it is not read": (
        "{column} 列是 fanpin 由每户的各成员行得出的值（{field}）：不读取"
    ),
    "the column {column} is a value fanpin derives from the other columns ({field}): it is not read": (
        "{column} 列是 fanpin 由其他各列算出的值（{field}）：不读取"
    ),
    "the export has no column {columns}, which the rules read: it reads as empty on every member row, so a rule "
    "that needs its value is not evaluable, and a data check for it left empty finds every household (export it "
    "to check it)": (
        "导出文件中没有规则要读取的 {columns} 列：每个成员行的该项都按空值处理，需要该值的规则无法判断，"
        "检查该项是否漏填的数据核查会列出每一户（请导出该列后再核查）"
    ),
    "the export has no column {columns}, which the rules read: each reads as empty on every member row, so a rule "
    "that needs its value is not evaluable, and a data check for each left empty finds every household (export "
    "them to check them)": (
        "导出文件中没有规则要读取的 {columns} 列：每个成员行的这些项都按空值处理，需要这些值的规则无法判断，"
        "检查这些项是否漏填的数据核查会列出每一户（请导出这些列后再核查）"
    ),
    "--keep-columns applies to a household table: the person-level export passes {columns} through, and no other "
    "column": "--keep-columns 只适用于按户的表格：人员明细导出文件只原样输出 {columns}，不输出其他列",
    "--keep-columns applies to a household table: the person-level export passes no column through (it has no 县, "
    "乡 or 村 column)": "--keep-columns 只适用于按户的表格：人员明细导出文件不原样输出任何列（它没有县、乡、村列）",
    "the column(s) at position {positions} have no header: they are not passed through (give them a header to keep "
    "them)": "第 {positions} 列没有表头：不原样输出（要保留，请为它们加上表头）",
    "--keep-columns: {column} is an output column already; it is not repeated": (
        "--keep-columns：{column} 已经是输出列，不再重复输出"
    ),
    "the column {column} is not passed through: it is the name of a column of the scored table (its id or its "
    "header in either language), which holds fanpin's result; rename the input's column to keep it": (
        "{column} 列不原样输出：它与评分结果中的一列同名（列名或中英文表头），那一列存放 fanpin 的结果；"
        "要保留，请给输入文件中的这一列改名"
    ),
    "the column {column} is not passed through: its header holds an ID, phone or bank card number, which would be "
    "written in clear as a column name (--keep-identities keeps it)": (
        "{column} 列不原样输出：它的表头含有证件号码、电话号码或银行卡号，作为列名输出时会以明文写出"
        "（--keep-identities 会保留它）"
    ),
    "户编号 written two ways ({households}): the later rows of each are refused, but the first was scored, as the "
    "output goes to a device or a pipe, which cannot be written again; score into files to have every row of them "
    "refused": (
        "户编号写法不一致（{households}）：每户后面的行被拒收，但第一行已评分，因为输出写往设备或管道，无法重写；"
        "请把结果写入文件，这些户的每一行就都会被拒收"
    ),
    "{scored} was scored with rules {versions}, not with those the report is drawn with ({version}): its rule "
    "titles, findings, departments, due dates and monitoring line are those of {version}; give the report the "
    "--rules folders the file was scored with (the data-check pack is loaded by itself when the file was scored "
    "with it)": (
        "{scored} 是用规则版本 {versions} 评分的，而报告按规则版本 {version} 绘制：报告中的规则名称、疑点、"
        "责任部门、完成期限和监测范围都按 {version}；请用 --rules 给出评分时所用的规则文件夹"
        "（评分时用了疑点数据核查规则包的，报告会自动加载）"
    ),
    # --- parameters without a value -----------------------------------------------------------------------
    "parameter {parameter} has no value for region {region} on {date}: the rules that read it are not "
    "evaluable for {count} household(s); {fix} (--rules DIR)": (
        "参数 {parameter}在 {date} 没有地区 {region} 的取值：有 {count} 户读取它的规则无法判断；{fix}（--rules 文件夹）"
    ),
    "parameter {parameter} has no value on {date}: the rules that read it are not evaluable for {count} "
    "household(s); {fix} (--rules DIR)": (
        "参数 {parameter}在 {date} 没有取值：有 {count} 户读取它的规则无法判断；{fix}（--rules 文件夹）"
    ),
    "parameter {parameter} has no value for region {region} on {date}: the rules that read it are not "
    "evaluable; {fix} (--rules DIR)": (
        "参数 {parameter}在 {date} 没有地区 {region} 的取值：读取它的规则无法判断；{fix}（--rules 文件夹）"
    ),
    "parameter {parameter} has no value on {date}: the rules that read it are not evaluable; {fix} (--rules DIR)": (
        "参数 {parameter}在 {date} 没有取值：读取它的规则无法判断；{fix}（--rules 文件夹）"
    ),
    "parameter {parameter} has no value of its own for region {region} on {date}: the household was scored with "
    "the national value; add the region's value if it has one (--rules DIR)": (
        "参数 {parameter}在 {date} 没有地区 {region} 自己的取值：该户按全国的取值评分；"
        "如果该地区有自己的标准，请添加（--rules 文件夹）"
    ),
    "parameter {parameter} has no value of its own for region {region} on {date}: {count} household(s) were "
    "scored with the national value; add the region's value if it has one (--rules DIR)": (
        "参数 {parameter}在 {date} 没有地区 {region} 自己的取值：有 {count} 户按全国的取值评分；"
        "如果该地区有自己的标准，请添加（--rules 文件夹）"
    ),
    "parameter {parameter} has no value for region {region} on {date} (the region of 户编号 {key}, the file's "
    "first household there)": (
        "参数 {parameter}在 {date} 没有地区 {region} 的取值（文件中该地区的第一户：户编号 {key}）"
    ),
    "parameter {parameter} has no value for region {region} on {date}": (
        "参数 {parameter}在 {date} 没有地区 {region} 的取值"
    ),
    "add a value for region {region} (or a region containing it): it has values for {regions} only": (
        "请为地区 {region}（或包含它的地区）添加取值：目前只有 {regions} 的取值"
    ),
    "add a value in force on {date}, or score with an --as-of on or after {first} (its first there)": (
        "请添加在 {date} 有效的取值，或用不早于 {first}（该地区最早的取值日期）的 --as-of 评分"
    ),
    "its values for the region leave a gap from {start} to {end}: add a value in force then": (
        "该地区的取值在 {start} 至 {end} 之间有空档：请添加这段时间有效的取值"
    ),
    "no region has a value in force on {date} (its values: {spans}): add one, or score at a date covered": (
        "在 {date} 没有任何地区的取值有效（现有取值：{spans}）：请添加一个，或用有取值的日期评分"
    ),
    "its last value for the region ended on {date}: add a value from then on": (
        "该地区最后一个取值已于 {date} 失效：请添加此后有效的取值"
    ),
    # fanpin check's parameter-gap: its message says from and to already
    "add a value in force then": "请添加这段时间有效的取值",
    "add a value from then on": "请添加此后有效的取值",
    # --- the input file -----------------------------------------------------------------------------------
    "cannot read the input: no such file": "无法读取输入文件：文件不存在",
    "check the path": "请检查路径是否正确",
    "cannot read the input: is a folder, not a file": "无法读取输入文件：这是文件夹，不是文件",
    "give the file inside the folder": "请给出文件夹中的文件",
    "give the scored file fanpin score wrote": "请给出 fanpin score 写出的评分结果文件",
    "cannot read the input: is not a file: fanpin reads an input as a file, more than once or out of order, which a "
    "pipe cannot give": "无法读取输入：它不是普通文件。fanpin 要多次、不按顺序地读取输入文件，管道做不到这一点",
    "cannot read the input: standard input (-) is not read: fanpin reads an input as a file, more than once or out "
    "of order, which a pipe cannot give": (
        "无法读取输入：fanpin 不读取标准输入（-）。fanpin 要多次、不按顺序地读取输入文件，管道做不到这一点"
    ),
    "save the data to a file, then give that file's path": "请先把数据保存为文件，再给出该文件的路径",
    "cannot read the input: permission denied": "无法读取输入文件：没有读取权限",
    "ask for read access to the file, or copy it to a folder of yours": (
        "请申请该文件的读取权限，或把它复制到您自己的文件夹中"
    ),
    "the file is empty ({size} bytes)": "文件是空的（{size} 字节）",
    "the workbook is empty: none of its sheets holds a cell with text": (
        "工作簿是空的：所有工作表中都没有写有内容的单元格"
    ),
    "the file holds no text: blank lines or empty cells alone, or a byte-order mark alone": (
        "文件中没有任何文字：只有空行或空单元格，或只有字节顺序标记（BOM）"
    ),
    "export the households again; a file still being copied or saved is empty until it is done": (
        "请重新导出（正在复制或保存的文件，在完成之前是空的）"
    ),
    "the file is neither UTF-8 nor GBK/GB18030 text": "文件既不是 UTF-8 文本，也不是 GBK/GB18030 文本",
    "save it as CSV UTF-8 from Excel": "请在 Excel 中另存为“CSV UTF-8”",
    "the header row {reason}": "表头行：{reason}",
    "the header row: {reason}": "表头行：{reason}",
    "save the whole file again as CSV UTF-8 from Excel": "请在 Excel 中把整个文件另存为“CSV UTF-8”",
    "no line could be read as a JSON object: {reason}": "没有一行能读成 JSON 对象：{reason}",
    "save the file as UTF-8 text, one JSON object per line": "请把文件保存为 UTF-8 文本，每行一个 JSON 对象",
    'a quote (") is opened and never closed, so the rows after it cannot be told apart': (
        '有一个引号（"）只有开头没有结尾，其后的各行无法分开'
    ),
    "close or remove the quote in that cell and save the file again": "请在该单元格中补上或删去引号，再保存文件",
    "the file is UTF-16 text (what Excel saves as 'Unicode Text', its cells separated by tabs)": (
        "文件是 UTF-16 文本（Excel 的“Unicode 文本”格式，单元格以制表符分隔）"
    ),
    "save it as UTF-8 (from Excel: 'CSV UTF-8 (Comma delimited)')": "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
    "the file is UTF-32 text, which no spreadsheet saves a table as": "文件是 UTF-32 文本（电子表格不会这样保存表格）",
    "save it as UTF-8 (from Excel: 'CSV UTF-8 (Comma delimited)'; from a text editor: UTF-8)": (
        "请另存为 UTF-8（在 Excel 中另存为“CSV UTF-8（逗号分隔）”；在文本编辑器中选择 UTF-8）"
    ),
    "the header row names 户编号 but its cells are separated by tabs, not commas": (
        "表头行含有户编号，但单元格以制表符分隔，而不是逗号"
    ),
    "the header row names 户编号 but its cells are separated by semicolons, not commas": (
        "表头行含有户编号，但单元格以分号分隔，而不是逗号"
    ),
    "save the file from Excel as 'CSV UTF-8 (Comma delimited)'": "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
    "the file is JSON, not a CSV table: fanpin reads JSON as JSON Lines, in a file named .jsonl": (
        "文件是 JSON，不是 CSV 表格：fanpin 只读取 JSON Lines 格式的 JSON，文件名以 .jsonl 结尾"
    ),
    "write one JSON object per household on each line (not a list [ … ]) and name the file .jsonl": (
        "请每行写一户的一个 JSON 对象（不要写成列表 [ … ]），并把文件命名为 .jsonl"
    ),
    "no header row naming 户编号 (household_id) was found": "找不到含有户编号（household_id）的表头行",
    "the header row must include 户编号 or household_id": "请确认表头行含有“户编号”或 household_id",
    "the header row must include 户编号 or household_id (fanpin reads the workbook's first sheet not hidden: put "
    "the table there)": (
        "请确认表头行含有“户编号”或 household_id（fanpin 读取工作簿中第一个未隐藏的工作表：请把表格放在那里）"
    ),
    "the header row must include 户编号 or household_id (fanpin reads the workbook's first sheet not hidden, "
    "{first}, and the table is on sheet {other}, which is hidden: unhide it (right-click a sheet's tab, Unhide), put "
    "its tab first, and save)": (
        "请确认表头行含有“户编号”或 household_id（fanpin 读取工作簿中第一个未隐藏的工作表 {first}，而表格在工作表 "
        "{other} 上，该工作表是隐藏的：请取消隐藏（右键单击工作表标签，选“取消隐藏”），把它的标签拖到最前面，再保存）"
    ),
    "the header row must include 户编号 or household_id (fanpin reads the workbook's first sheet not hidden, "
    "{first}, and the table is on sheet {other}: drag that sheet's tab to the first place, or delete the sheets "
    "before it, and save)": (
        "请确认表头行含有“户编号”或 household_id（fanpin 读取工作簿中第一个未隐藏的工作表 {first}，而表格在工作表 "
        "{other} 上：请把该工作表的标签拖到最前面，或删除它前面的工作表，再保存）"
    ),
    "the file has no data rows below its header: no household was scored; if it should hold households, export "
    "or save it again (an export that failed, or was filtered to no household, writes its header alone)": (
        "文件的表头下面没有数据行：没有农户被评分；如果文件应当有农户，请重新导出或保存（导出失败，"
        "或筛选后没有农户时，只会写出表头）"
    ),
    "the file has no data rows below its header: export or save it again (an export that failed, or was "
    "filtered to no household, writes its header alone)": (
        "文件的表头下面没有数据行：请重新导出或保存（导出失败，或筛选后没有农户时，只会写出表头）"
    ),
    "{count} row(s) of the sheet are hidden in Excel or WPS (a filter, or rows hidden by hand): they were read and "
    "scored like the others; to score only some households, delete the other rows, not hide them": (
        "工作表中有 {count} 行在 Excel 或 WPS 中被隐藏（筛选或手动隐藏）：这些行也已读取并评分；"
        "如只想为部分农户评分，请删除其他行，而不是隐藏"
    ),
    "required column(s) missing: {columns}": "缺少必需的列：{columns}",
    # a member list (one row per person) read as a household table (fanpin.io.readers._member_list_error)
    "the file is a list of members, one row per person (it names {names}): a person-level export is read from CSV "
    "or .xlsx, not from {kind}, and a {kind} file is read as a household table, which needs {columns}": (
        "该文件是成员名单，每人一行（含 {names} 列）：人员明细导出文件只能以 CSV 或 .xlsx 格式读取，不能是 {kind}；"
        "{kind} 文件按户表读取，需要 {columns} 列"
    ),
    "give the export as the national system saves it (.xlsx), or saved as CSV": (
        "请提供国家系统导出的原文件（.xlsx），或另存为 CSV 的文件"
    ),
    "the file is a list of members, one row per person (it names {names}), but it has neither 证件号码 nor 与户主关系, "
    "by which fanpin tells a person-level export; read as a household table, it lacks {columns}": (
        "该文件是成员名单，每人一行（含 {names} 列），但既没有证件号码列，也没有与户主关系列，而 fanpin 靠这两列之一"
        "识别人员明细导出文件；按户表读取时，它缺少 {columns} 列"
    ),
    "export the file again with its 证件号码 or 与户主关系 column, or name the column that holds either so": (
        "请重新导出，带上证件号码列或与户主关系列；如果文件中已有存放其中之一的列，请把该列改为这个列名"
    ),
    "add the column(s); for 行政区划代码 you may instead pass --region CODE": (
        "请补上这些列；缺少行政区划代码时，也可以用 --region 区划代码 为整个文件指定地区"
    ),
    # … as a host's call (read_households, Scorer.score) words it: its parameter
    "add the column(s); for 行政区划代码 you may instead pass region= (it picks the parameters of the households' "
    "region)": (
        "请补上这些列；缺少行政区划代码时，也可以用 region= 参数为所有户指定地区（它决定各户适用哪个地区的参数）"
    ),
    # Engine.evaluate, Scorer.assess and Scorer.plan of a household without a region (a host's call)
    "household {key} has no 行政区划代码 (region_code)": "户 {key} 没有行政区划代码（region_code）",
    "add the column, or pass region=": "请补上该列，或用 region= 参数指定地区",
    "export the column(s); for 行政区划代码 you may instead pass region=": (
        "请重新导出并带上这些列；缺少行政区划代码时，也可以用 region= 参数为所有户指定地区"
    ),
    "export the column(s); for 行政区划代码 you may instead pass --region CODE (region= in the library)": (
        "请重新导出并带上这些列；缺少行政区划代码时，也可以用 --region 区划代码 为整个文件指定地区"
    ),
    "add the column(s)": "请补上这些列",
    EXPORT_NO_REGION: (
        "无法确定各户的地区：人员明细导出文件只写县、乡、村的名称，不写区划代码，文件中也没有行政区划代码列"
    ),
    EXPORT_REGION_OPTION: (
        "请用 --region 区划代码 为整个文件指定地区：县的 6 位代码（如 532328），或乡镇的 9 位、村的 12 位代码；"
        "也可以加一列行政区划代码，写明每行的代码"
    ),
    EXPORT_REGION_PARAMETER: (
        "请用 region= 参数为所有户指定地区：县的 6 位代码（如 532328），或乡镇的 9 位、村的 12 位代码；"
        "也可以加一列行政区划代码，写明每行的代码"
    ),
    "rule cases need a region and date: no file of this folder gives case_defaults": (
        "规则案例需要地区和日期：本文件夹中没有任何文件给出 case_defaults"
    ),
    (
        "rule cases need a region and date: the files of this folder give different case_defaults, so which this "
        "file's cases take cannot be told"
    ): "规则案例需要地区和日期：本文件夹中各文件给出的 case_defaults 不同，无法判断本文件的案例用哪一个",
    'add case_defaults: {region: "…", as_of: YYYY-MM-DD} to the file (the region and date its cases are checked at)': (
        '请在该文件中加上 case_defaults: {region: "…", as_of: YYYY-MM-DD}（检查其案例所用的地区和日期）'
    ),
    'add case_defaults: {region: "…", as_of: YYYY-MM-DD} to the file': (
        '请在该文件中加上 case_defaults: {region: "…", as_of: YYYY-MM-DD}'
    ),
    (
        "the header row of a person-level export is on line {line}, below the first {rows} rows, where fanpin "
        "looks for it"
    ): "人口明细导出表的表头在第 {line} 行，超出了 fanpin 查找表头的前 {rows} 行",
    "delete the rows above the header row (keep fewer than {rows}), and save the file": (
        "请删除表头上方的行（保留少于 {rows} 行），再保存文件"
    ),
    # a header close to a missing column's (fanpin.model.columns.renames), before the fixes that follow it
    "rename {header} to {near}; {fix}": "请把 {header} 改名为 {near}；{fix}",
    "rename {header} to {near}": "请把 {header} 改名为 {near}",
    "export the column(s)": "请重新导出并带上这些列",
    "the workbook is encrypted with a password, which fanpin cannot open": "工作簿设有打开密码，fanpin 无法打开",
    "open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with Password, left "
    "empty) and save it again": (
        "请用 Excel 或 WPS 打开，取消密码（文件 > 信息 > 保护工作簿 > 用密码进行加密，清空密码）后重新保存"
    ),
    "the file is an old-format Excel workbook (.xls), which fanpin does not read": (
        "文件是旧版 Excel 工作簿（.xls），fanpin 不读取这种格式"
    ),
    "an old-format Excel workbook (.xls) named .xlsx": "这是旧版 Excel 工作簿（.xls），扩展名却是 .xlsx",
    "open it in Excel or WPS and save it as Excel Workbook (.xlsx)": (
        "请用 Excel 或 WPS 打开，另存为“Excel 工作簿（.xlsx）”"
    ),
    "a web page or XML table named .xlsx (what some systems export as an Excel file), not an .xlsx workbook": (
        "这是扩展名为 .xlsx 的网页或 XML 表格（有些系统导出的“Excel 文件”就是这样），不是 .xlsx 工作簿"
    ),
    "a text (CSV) file named .xlsx, not an .xlsx workbook": "这是扩展名为 .xlsx 的文本（CSV）文件，不是 .xlsx 工作簿",
    "rename it to .csv: fanpin reads CSV": "请把扩展名改为 .csv：fanpin 能读取 CSV",
    "the file is a zip archive named .csv: an .xlsx workbook, or another": (
        "文件是扩展名为 .csv 的 zip 压缩文件（可能是 .xlsx 工作簿，也可能是别的文件）"
    ),
    "if it is a workbook, name it .xlsx": "如果它是工作簿，请把扩展名改为 .xlsx",
    "the workbook has no worksheet: its first sheet is missing or damaged": (
        "工作簿中没有工作表：第一个工作表缺失或已损坏"
    ),
    "the first sheet is cut off or damaged after row {row} ({kind})": (
        "第一个工作表在第 {row} 行之后不完整或已损坏（{kind}）"
    ),
    "re-save it from Excel as .xlsx": "请在 Excel 中重新另存为 .xlsx",
    "the workbook is cut off or damaged (a copy or download that did not finish, or a disk that filled up)": (
        "工作簿不完整或已损坏（复制或下载没有完成，或磁盘已满）"
    ),
    "copy or download it again, or open it in Excel or WPS and save it again as .xlsx": (
        "请重新复制或下载，或用 Excel 或 WPS 打开后重新另存为 .xlsx"
    ),
    "not a readable Parquet file ({kind})": "不是可读取的 Parquet 文件（{kind}）",
    "write the file again (a copy that stopped before its end is cut short: copy it again), or save the table as CSV": (
        "请重新写出该文件（中途停止的复制会使文件不完整：请重新复制），或将表格另存为 CSV"
    ),
    "write the file again, or save the table as CSV": "请重新生成该文件，或把表格保存为 CSV",
    "a person-level export is read from .xlsx or CSV, not .xls": "人员明细导出文件须为 .xlsx 或 CSV，不能是 .xls",
    "save the export as .xlsx or as CSV from Excel": "请在 Excel 中把导出文件另存为 .xlsx 或 CSV",
    "line {line} is not {encoding} text and comes before any header row naming 户编号 (a title, or the header "
    "itself, in another encoding): the file mixes encodings, as when two exports saved differently are joined, and "
    "rows before the header would be skipped": (
        "第 {line} 行不是 {encoding} 文本，且位于含户编号的表头行之前（标题行或表头本身用了另一种编码）："
        "文件混用了多种编码（例如把两份保存方式不同的导出文件拼在了一起），表头之前的行会被跳过"
    ),
    "save each part again as CSV UTF-8 from Excel before joining them (or save the whole file again as CSV UTF-8)": (
        "请先在 Excel 中把每一部分另存为“CSV UTF-8”再拼接（或把整个文件另存为“CSV UTF-8”）"
    ),
    "columns {first} and {second} ({names}) are the same column: one of them would be ignored": (
        "第 {first} 列和第 {second} 列（{names}）是同一列：其中一列会被忽略"
    ),
    "keep one of the two columns (or rename the one that means something else)": (
        "请只保留其中一列（如果其中一列另有含义，请给它改名）"
    ),
    "line {line} holds column names as a header does, in another order than the header's (column {position} is "
    "{name} where the header has {other}): each row below it would be read under another column's name": (
        "第 {line} 行是一行列名（像表头），但列的顺序与表头不同（第 {position} 列是 {name}，而表头此处是 {other}）："
        "该行以下的每一行都会按错误的列名读取"
    ),
    "put the columns below that line in the header's order (or score each of the joined files on its own)": (
        "请把该行以下各列排成与表头相同的顺序（或把拼接在一起的文件分别评分）"
    ),
    "the columns {name} (column {first}) and {other} (column {second}) differ on line {line} ({value} vs "
    "{value2}); a column present twice is read only when both copies are equal on every row": (
        "{name}（第 {first} 列）和 {other}（第 {second} 列）在第 {line} 行不一致（{value} 与 {value2}）；"
        "同一列出现两次时，只有两列在每一行都相同才会读取"
    ),
    "delete the wrong copy, or rename {other} (column {second}) if it is a different column": (
        "请删除写错的那一列；如果 {other}（第 {second} 列）是另一列，请给它改名"
    ),
    "column {position} ({name}) holds {kind} values, not one text, number or date per cell": (
        "第 {position} 列（{name}）的值是 {kind}，而不是每格一个文本、数字或日期"
    ),
    "write that column as text (one value per cell), or leave it out of the file": (
        "请把该列写成文本（每格一个值），或从文件中删去该列"
    ),
    "keep_columns names {column}, which the table (data) does not have": (
        "keep_columns 指定的 {column} 列在数据中不存在"
    ),
    'name columns it has ({headers}), or keep all (keep_columns="all")': (
        '请指定数据中已有的列（{headers}），或保留全部列（keep_columns="all"）'
    ),
    "--keep-columns names {column}, which the file does not have": ("--keep-columns 指定的 {column} 列在文件中不存在"),
    "name columns of its header ({headers}), or keep all (--keep-columns all)": (
        "请指定表头中已有的列（{headers}），或保留全部列（--keep-columns all）"
    ),
    # --- the output files ---------------------------------------------------------------------------------
    "the output would overwrite the input file ({option} names it)": "输出会覆盖输入文件（{option} 指向了它）",
    "choose another {option} path": "请为 {option} 另选路径",
    "cannot write the output ({option}): {blocking} is a file, so no folder can be made there": (
        "无法写出结果（{option}）：{blocking} 是文件，不能在那里建文件夹"
    ),
    "choose an {option} path in a folder": "请为 {option} 选择某个文件夹中的路径",
    "cannot write the output ({option}): {oserror}": "无法写出结果（{option}）：{oserror}",
    # a workbook past Excel's rows in one sheet (1 048 575 below the header)
    "township {township} has more than {count} households: they do not fit in one .xlsx sheet": (
        "乡镇 {township} 超过 {count} 户，一个 .xlsx 工作表放不下"
    ),
    # ... as a host's run words them (fanpin._host._PARAMETER_FIXES): its parameters
    'write CSV or Parquet instead (fmt="csv" or fmt="parquet")': (
        '请改为输出 CSV 或 Parquet（fmt="csv" 或 fmt="parquet"）'
    ),
    'write CSV or Parquet instead (fmt="csv" or fmt="parquet"), or score each county\'s rows apart': (
        '请改为输出 CSV 或 Parquet（fmt="csv" 或 fmt="parquet"），或按县分别评分'
    ),
    "write CSV or Parquet instead; the errors file (errors=) lists every rejected row": (
        "请改为输出 CSV 或 Parquet；错误文件（errors=）列出了全部拒收的行"
    ),
    'write the findings as CSV or Parquet instead (findings="findings.csv")': (
        '请把疑点清单改为输出 CSV 或 Parquet（findings="findings.csv"）'
    ),
    "score the file again; with workers=1 it uses one process": "请重新评分；用 workers=1 时只使用一个进程",
    "write CSV or Parquet instead (--format csv or --format parquet)": (
        "请改为输出 CSV 或 Parquet（--format csv 或 --format parquet）"
    ),
    "more than {count} rejected rows do not fit in one .xlsx sheet": "拒收的行超过 {count} 行，一个 .xlsx 工作表放不下",
    "write CSV or Parquet instead; the errors file (--errors) lists every rejected row": (
        "请改为输出 CSV 或 Parquet；错误文件（--errors）列出了全部拒收的行"
    ),
    "code {code} has more than {count} findings: they do not fit in one .xlsx sheet": (
        "疑点代码 {code} 的疑点超过 {count} 条，一个 .xlsx 工作表放不下"
    ),
    "write the findings as CSV or Parquet instead (--findings findings.csv)": (
        "请把疑点清单改为输出 CSV 或 Parquet（--findings findings.csv）"
    ),
    # a workbook of more sheets than files the system lets a program hold open (each sheet a temporary file)
    "the workbook has more than {count} townships, each a sheet, more than the {limit} files this system lets a "
    "program open at once": (
        "工作簿的乡镇超过 {count} 个，每个乡镇一张工作表，超出了本系统允许程序同时打开的 {limit} 个文件"
    ),
    "the workbook has more than {count} codes, each a sheet, more than the {limit} files this system lets a "
    "program open at once": (
        "工作簿的疑点代码超过 {count} 个，每个代码一张工作表，超出了本系统允许程序同时打开的 {limit} 个文件"
    ),
    "write CSV or Parquet instead (--format csv or --format parquet), or score each county's rows apart": (
        "请改为输出 CSV 或 Parquet（--format csv 或 --format parquet），或按县分别评分"
    ),
    "cannot write the run's temporary files in this folder: {oserror}": (
        "无法在此文件夹写入运行所需的临时文件：{oserror}"
    ),
    "make room on that disk, or set TMPDIR to a folder on a disk with room": (
        "请清理该磁盘的空间，或将 TMPDIR 设为空间足够的磁盘上的文件夹"
    ),
    "choose an {option} path in a folder you can write to, with room on its disk": (
        "请为 {option} 选择您有写入权限、且磁盘空间足够的文件夹中的路径"
    ),
    # an output written directly, standard output (--out -) or a device or pipe: no folder to choose
    "send standard output to a file or a program that takes it, or give {option} a file, e.g. {option} {file}": (
        "请把标准输出重定向到能接收它的文件或程序，或为 {option} 指定一个文件，例如 {option} {file}"
    ),
    "give {option} a file instead of the device or pipe, e.g. {option} {file}": (
        "请为 {option} 改为指定一个文件（而不是设备或管道），例如 {option} {file}"
    ),
    "the {option} path is a folder": "{option} 指定的路径是文件夹",
    "name a file in it, e.g. {option} FOLDER/{file}": "请指定文件夹中的文件，例如 {option} 文件夹/{file}",
    # ... as a host's call names its parameter (out=), the value quoted as Python writes it (given_as)
    "send standard output to a file or a program that takes it, or give {option} a file, e.g. {option}'{file}'": (
        "请把标准输出重定向到能接收它的文件或程序，或为 {option} 指定一个文件，例如 {option}'{file}'"
    ),
    "give {option} a file instead of the device or pipe, e.g. {option}'{file}'": (
        "请为 {option} 改为指定一个文件（而不是设备或管道），例如 {option}'{file}'"
    ),
    "name a file in it, e.g. {option}'FOLDER/{file}'": "请指定文件夹中的文件，例如 {option}'文件夹/{file}'",
    "{part} exists: another fanpin run is writing {target}, or one was killed before it could remove its "
    "unfinished output": (
        "{part} 已存在：另一个 fanpin 正在写 {target}，或者之前有一次运行被强行终止，没来得及删除未写完的文件"
    ),
    "wait for the other run to end, or delete {part} if no run is writing {target}": (
        "请等另一次运行结束；如果没有程序在写 {target}，请删除 {part}"
    ),
    "the scored rows and the rejected rows would go to the same file": "评分结果和被拒收的行会写进同一个文件",
    "give --out and --errors different paths": "请为 --out 和 --errors 指定不同的路径",
    "the findings would go to the same file as {option}": "疑点清单会与 {option} 写进同一个文件",
    "{option} {path} is the folder {option2} {path2} is to be written in: an output cannot be another output's "
    "folder": "{option} {path} 是 {option2} {path2} 所在的文件夹：一个输出不能作为另一个输出的文件夹",
    "name a file for {option}, e.g. {option} {path}": "请为 {option} 指定一个文件，例如 {option} {path}",
    "the file changed while it was read (its first reading and its second differ)": (
        "读取期间文件被改动了（第一遍与第二遍读到的内容不同）"
    ),
    "score the file again once nothing writes to it": "请等没有程序再写这个文件后重新评分",
    "give --findings a path of its own, e.g. {path}": "请为 --findings 另指定一个路径，例如 {path}",
    # --out, --errors or --findings: each is refused so
    "{option} names the file fanpin's messages go to (standard error, redirected to a file): the two would write "
    "over each other": ("{option} 指向的正是 fanpin 显示提示信息的文件（标准错误被重定向到了该文件）：两者会互相覆盖"),
    "give {option} a file of its own, or redirect standard error elsewhere": (
        "请为 {option} 另指定一个文件，或把标准错误重定向到别处"
    ),
    "{option} {name} is named for text, but --format {format} writes a binary file": (
        "{option} {name} 是文本文件的名称，但 --format {format} 写出的是二进制文件"
    ),
    "{option} {name} is named for {suffix}, but --format is {format}": (
        "{option} {name} 的扩展名对应 {suffix} 格式，但 --format 是 {format}"
    ),
    "name the file {name}, or leave --format out": "请把文件命名为 {name}，或去掉 --format",
    "{option} {name}: fanpin writes no {suffix} file": "{option} {name}：fanpin 不写 {suffix} 文件",
    "{option} {name}: the file name ends with a space": "{option} {name}：文件名末尾有空格",
    "write it without the space: {option} {name}": "请去掉这个空格：{option} {name}",
    "name the file .csv, .xlsx, .parquet or .jsonl, or give --format": (
        "请把文件扩展名改为 .csv、.xlsx、.parquet 或 .jsonl，或指定 --format"
    ),
    "JSON Lines is written to .jsonl; name the file .csv, .xlsx, .parquet or .jsonl, or give --format": (
        "JSON Lines 写入 .jsonl 文件；请把文件扩展名改为 .csv、.xlsx、.parquet 或 .jsonl，或指定 --format"
    ),
    "JSON Lines is written to .jsonl; name the file .csv, .xlsx, .parquet or .jsonl": (
        "JSON Lines 写入 .jsonl 文件；请把文件扩展名改为 .csv、.xlsx、.parquet 或 .jsonl"
    ),
    "JSON Lines is written to .jsonl; name the file .xlsx, .csv, .parquet or .jsonl": (
        "JSON Lines 写入 .jsonl 文件；请把文件扩展名改为 .xlsx、.csv、.parquet 或 .jsonl"
    ),
    "--errors {name} is named for {suffix}, but the errors file is written as CSV": (
        "--errors {name} 的扩展名对应 {suffix} 格式，但拒收行文件只能写成 CSV"
    ),
    "name the file .xlsx, .csv, .parquet or .jsonl": "请把文件扩展名改为 .xlsx、.csv、.parquet 或 .jsonl",
    "name the file {name} (a browser prints it to PDF)": "请把文件命名为 {name}（可在浏览器中打印成 PDF）",
    "name the file {name}": "请把文件命名为 {name}",
    # --- the rules folders --------------------------------------------------------------------------------
    "rules folder not found": "找不到规则文件夹",
    "is a file, not a rules folder": "这是文件，不是规则文件夹",
    "give the folder it is in, {folder} (every rule file in it is read)": (
        "请给出它所在的文件夹 {folder}（其中的规则文件都会被读取）"
    ),
    "give a folder of rule YAML files": "请给出存放规则 YAML 文件的文件夹",
    "give a folder of rule YAML files; a relative path is read from the working folder, {folder}": (
        "请给出存放规则 YAML 文件的文件夹；相对路径从当前工作文件夹 {folder} 读起"
    ),
    "give the folder's full path: ~ is expanded by a shell, not by Python ({folder})": (
        "请给出文件夹的完整路径：~ 由命令行外壳展开，本程序不会展开（{folder}）"
    ),
    "the rules folder holds no .yaml or .yml file": "规则文件夹中没有 .yaml 或 .yml 文件",
    "a rules folder is given as an empty text": "规则文件夹是一个空文本",
    "give the folder your county's rule, parameter or measure files are in (rules/README.md)": (
        "请给出本县规则、参数或措施文件所在的文件夹（见 rules/README.md）"
    ),
    "unknown fact or parameter {name} in condition {condition}; did you mean the parameter {parameter}?": (
        "条件 {condition} 中的 {name} 不是已知的事实或参数；是否应为参数 {parameter}？"
    ),
    "unknown fact or parameter {name} in condition {condition}; did you mean {known} ({label})?": (
        "条件 {condition} 中的 {name} 不是已知的事实或参数；是否应为 {known}（{label}）？"
    ),
    "unknown fact or parameter {name} in condition {condition}; see the fact list in rules/README.md": (
        "条件 {condition} 中的 {name} 不是已知的事实或参数；事实清单见 rules/README.md"
    ),
    "unknown fact or parameter {name} in condition {condition}; {value} is a value of {fact} ({label}): a text is "
    "written in quotes": (
        "条件 {condition} 中的 {name} 不是已知的事实或参数；{value} 是 {fact}（{label}）的取值：文本要加引号"
    ),
    "write the text in quotes: {text}": "请给文本加上引号：{text}",
    "use a fact of rules/README.md, or define a parameter of that name in a parameters file": (
        "请使用 rules/README.md 中列出的事实，或在参数文件中定义这个名称的参数"
    ),
    "unknown rule {name}; did you mean {known} ({label})?": "没有规则 {name}；是否应为 {known}（{label}）？",
    "unknown measure {name}; did you mean {known} ({label})?": "没有帮扶措施 {name}；是否应为 {known}（{label}）？",
    "unknown rule {name}": "没有规则 {name}",
    "unknown national code {name}; did you mean {known} ({label})?": (
        "没有国家核查代码 {name}；是否应为 {known}（{label}）？"
    ),
    "unknown national code {name}; did you mean {known} ({label}), a code of the data checks?": (
        "没有国家核查代码 {name}；是否应为疑点数据核查的代码 {known}（{label}）？"
    ),
    "unknown national code {name}": "没有国家核查代码 {name}",
    "write {known}; the data checks run with --checks with (or only)": (
        "请改为 {known}；疑点数据核查要加 --checks with（或 only）才会运行"
    ),
    "write a national code that a data check lists under codes: (rules/checks/), or a rule's id": (
        "请写疑点数据核查规则在 codes: 下列出的国家核查代码（见 rules/checks/），或写规则编号"
    ),
    "write a national code that a data check lists under codes: (rules/checks/), or a rule's id; the data checks "
    "run with --checks with (or only)": (
        "请写疑点数据核查规则在 codes: 下列出的国家核查代码（见 rules/checks/），或写规则编号；"
        "疑点数据核查要加 --checks with（或 only）才会运行"
    ),
    "{name} is a measure ({label}), not a rule: disable lists the rules to switch off": (
        "{name} 是一项帮扶措施（{label}），不是规则：disable 列出的是要停用的规则"
    ),
    "to keep a measure out of the plans, write again in this folder each rule that names it, without it": (
        "要让帮扶计划不含某项措施，请在本文件夹中重写每条列出它的规则，并去掉这项措施"
    ),
    "{name} is a pattern: disable lists rule ids one by one": "{name} 是通配模式：disable 需要逐条列出规则编号",
    "list each rule to switch off: disable: [{rules}]": "请逐条列出要停用的规则：disable: [{rules}]",
    "list each rule to switch off": "请逐条列出要停用的规则",
    "unknown measure {name}": "没有帮扶措施 {name}",
    "{key}: [{name}] holds a full-width comma {comma}: YAML reads {name} as one measure": (
        "{key}: [{name}] 中有全角逗号“{comma}”：YAML 会把 {name} 读成一项措施"
    ),
    "{key}: [{name}] holds a full-width comma {comma}: YAML reads {name} as one rule": (
        "{key}: [{name}] 中有全角逗号“{comma}”：YAML 会把 {name} 读成一条规则"
    ),
    "separate the items with ASCII commas: {key}: [{items}]": "请用半角逗号分隔各项：{key}: [{items}]",
    "define the rule first": "请先定义该规则",
    "define the measure first": "请先定义该帮扶措施",
    "unknown function {name} in condition {condition}": "条件 {condition} 中的函数 {name} 不存在",
    "the functions are {names}, and over the members all, any, count and share (any(members, …))": (
        "请使用以下函数之一：{names}；成员条件用 all、any、count 或 share（any(members, …)）"
    ),
    "did you mean {near}? the functions are {names}, and over the members all, any, count and share "
    "(any(members, …))": (
        "是否应为 {near}？请使用以下函数之一：{names}；成员条件用 all、any、count 或 share（any(members, …)）"
    ),
    "{name}(…) reads the members: its first word is members, not {found} in condition {condition}": (
        "条件 {condition} 中：{name}(…) 读取的是家庭成员：它的第一个词应是 members，而不是{found}"
    ),
    "write {name}(members, …)": "请写成 {name}(members, …)",
    "not valid YAML: found character '\\t' that cannot start any token": "不是有效的 YAML：含有制表符",
    # YAML's own words (PyYAML's problems), after the tab's particular one
    "not valid YAML: the {bracket} opened on this line is not closed ({problem} on line {line})": (
        "不是有效的 YAML：这一行的 {bracket} 没有闭合（第 {line} 行：{problem}）"
    ),
    "close it on this line (}), or write its items as a block of lines": "请在这一行补上 }，或把其中各项写成多行的块",
    "close it on this line (]), or write its items as a block of lines": "请在这一行补上 ]，或把其中各项写成多行的块",
    "not valid YAML: {problem}": "不是有效的 YAML：{problem}",
    "expected <block end>, but found {token}": "缩进不对：这里应结束上面的块，却遇到了 {token}",
    "expected the node content, but found {token}": "这里应有一个值，却遇到了 {token}",
    "mapping values are not allowed here": "这里不能出现“键: 值”：请检查缩进，或给含冒号的文本加引号",
    "expected ',' or '}', but got {token}": "这里应为 ',' 或 '}'，却遇到了 {token}（花括号没有闭合？）",
    "expected ',' or ']', but got {token}": "这里应为 ',' 或 ']'，却遇到了 {token}（方括号没有闭合？）",
    "expected {what}, but got {token}": "这里应为 {what}，却遇到了 {token}",
    "found unexpected end of stream": "文件意外结束（有引号或括号没有闭合？）",
    "found character {char} that cannot start any token": "字符 {char} 不能出现在这里（请给这段文本加引号）",
    "found undefined alias {alias}": "引用了未定义的别名 {alias}",
    "found unknown escape character {char}": "双引号文本中有未知的转义字符 {char}（反斜杠后面）",
    "could not find expected ':'": "找不到应有的冒号 ':'",
    "check indentation and quoting near this line": "请检查这一行附近的缩进和引号",
    "the key {key} is followed by a full-width colon ：, not by YAML's :": (
        "键 {key} 后面是全角冒号“：”，不是 YAML 的“:”"
    ),
    "the line is indented with a full-width space (U+3000), where YAML indents with ASCII spaces only": (
        "这一行用全角空格（U+3000）缩进，而 YAML 只能用半角空格缩进"
    ),
    "the line is indented with a no-break space (U+00A0, as a web page or a Word document holds), where YAML "
    "indents with ASCII spaces only": (
        "这一行用不换行空格（U+00A0，从网页或 Word 文档复制的文字中常有）缩进，而 YAML 只能用半角空格缩进"
    ),
    "retype the spaces at the start of the line as ASCII spaces (switch the input method to half-width)": (
        "请把行首的空格重新输入为半角空格（把输入法切换到半角）"
    ),
    "the key {key} is followed by a full-width space (U+3000), where YAML needs an ASCII space": (
        "键 {key} 后面是全角空格（U+3000），而 YAML 在这里需要半角空格"
    ),
    "the key {key} is followed by a no-break space (U+00A0, as a web page or a Word document holds), where YAML "
    "needs an ASCII space": (
        "键 {key} 后面是不换行空格（U+00A0，从网页或 Word 文档复制的文字中常有），而 YAML 在这里需要半角空格"
    ),
    "retype the space after {key}: as an ASCII space": "请把 {key}: 后面的空格重新输入为半角空格",
    "type the colon after {key} as an ASCII : (switch the input method to English punctuation)": (
        "请把 {key} 后面的冒号改为半角“:”（把输入法切换到英文标点）"
    ),
    "a full-width comma ， separates the items in brackets, where YAML reads only an ASCII ,": (
        "括号中的各项用全角逗号“，”分隔，而 YAML 只认半角逗号“,”"
    ),
    "type the comma between items as an ASCII , (a ， inside a text, in quotes, may stay)": (
        "请把各项之间的逗号改为半角“,”（加了引号的文本中的“，”可以保留）"
    ),
    "a full-width bracket (【 \uff3b \uff5b) opens the value, where YAML reads only ASCII [ ] and { }": (
        "值以全角括号（【 \uff3b \uff5b）开头，而 YAML 只认半角的 [ ] 和 { }"
    ),
    "type the brackets as ASCII [ ] (a list) or { } (a mapping)": "请改为半角括号：[ ]（列表）或 { }（映射）",
    "a byte-order mark (U+FEFF, which no editor shows) stands inside the file, as where two files were joined": (
        "文件中间有一个字节顺序标记（BOM，编辑器里看不见），常见于两个文件拼接处"
    ),
    "delete it: retype the start of the line, or save the file again as UTF-8": (
        "请删除它：重新输入这一行的开头，或把文件重新另存为 UTF-8"
    ),
    "replace each tab with spaces (YAML indents with spaces only)": "请把每个制表符换成空格（YAML 只能用空格缩进）",
    "replace the tab after the text on this line with spaces (the YAML reader takes none there)": (
        "请把这一行文字后面的制表符换成空格（YAML 读取器在那里不接受制表符）"
    ),
    "key {key} appears twice in one mapping (first on line {line})": (
        "键 {key} 在同一层级中出现了两次（第一次在第 {line} 行）"
    ),
    "keep one of the two entries; YAML would silently keep only the last": (
        "请只保留其中一项；否则 YAML 会不加提示地只保留后一项"
    ),
    "cannot read the file: it is saved as GBK (GB18030), not UTF-8": (
        "无法读取文件：它的编码是 GBK（GB18030），不是 UTF-8"
    ),
    "cannot read the file: it is saved as UTF-16 (Notepad's 'Unicode'), not UTF-8": (
        "无法读取文件：它的编码是 UTF-16（记事本中的“Unicode”），不是 UTF-8"
    ),
    "cannot read the file: byte {byte} cannot stand in UTF-8 text": "无法读取文件：字节 {byte} 不能出现在 UTF-8 文本中",
    "the file is larger than {size} KB": "文件大于 {size} KB",
    "is a link to a folder, whose files are not read": "链接到一个文件夹，其中的文件不会被读取",
    "give that folder as a rules folder of its own (fanpin check DIR, --rules DIR), or copy its files into this "
    "one": "请把那个文件夹作为单独的规则文件夹给出（fanpin check DIR、--rules DIR），或把其中的文件复制到这里",
    "is a link that leads to no file (the file it names does not exist, or the links loop)": (
        "是一个链接，但指向的文件不存在（或链接构成了循环）"
    ),
    "link it to the rule file meant, or delete the link": "请让它指向要用的规则文件，或删去这个链接",
    "split it into several files: a rules folder may hold any number": (
        "请把它拆成几个文件：一个规则文件夹中可以放任意多个文件"
    ),
    "save it as UTF-8 (in Notepad: 另存为, 编码 UTF-8); rule files are read as UTF-8 only": (
        "请另存为 UTF-8（记事本：另存为，编码选 UTF-8）；规则文件只按 UTF-8 读取"
    ),
    "rule id {rule} is defined twice in one rules folder (first at {where})": (
        "规则 {rule} 在同一个规则文件夹中定义了两次（第一次在 {where}）"
    ),
    "measure id {measure} is defined twice in one rules folder (first at {where})": (
        "帮扶措施 {measure} 在同一个规则文件夹中定义了两次（第一次在 {where}）"
    ),
    "give each measure its own id; to replace a measure, write it in a later folder": (
        "请为每项帮扶措施取不同的 id；要替换一项措施，请把它写在后面的规则文件夹中"
    ),
    "named condition {name} is defined twice in one rules folder (first at {where})": (
        "命名条件 {name} 在同一个规则文件夹中定义了两次（第一次在 {where}）"
    ),
    "give each named condition its own name; to replace one, write it in a later folder": (
        "请为每个命名条件取不同的名字；要替换一个，请把它写在后面的规则文件夹中"
    ),
    "give each rule its own id; to replace a rule, write it in a later folder": (
        "请为每条规则取不同的 id；要替换一条规则，请把它写在后面的规则文件夹中"
    ),
    "{field}: Extra inputs are not permitted": "{field}：规则文件中没有这个键",
    "{field}: Field required": "{field}：缺少必填项",
    "{field}: region {code} is written without quotes: YAML reads it as the number {number}, not as a code": (
        "{field}：地区代码 {code} 没有加引号：YAML 会把它读成数字 {number}，而不是代码"
    ),
    "{field}: {key} {now} here, {was} in another file of this rules folder (at {where})": (
        "{field}：{key} 在这里是 {now}，在同一规则文件夹的另一个文件中是 {was}（在 {where}）"
    ),
    # before the template of one file's two values, which would take "… in one rules folder (…)" as its {start}
    "{field}: two values for region {region} from {start} in one rules folder (first at {where})": (
        "{field}：同一个规则文件夹中，地区 {region} 从 {start} 起有两个取值（第一个在 {where}）"
    ),
    "{field}: two values for region {region} from {start}": "{field}：地区 {region} 从 {start} 起有两个取值",
    "{field}: {number} is written with an exponent: write it as digits, value: {whole} followed by {zeros} zeros": (
        "{field}：{number} 用了科学计数法：请写成数字，value: {whole} 后接 {zeros} 个 0"
    ),
    "{field}: {number} is written with an exponent: write it as digits, value: {plain}": (
        "{field}：{number} 用了科学计数法：请写成数字，value: {plain}"
    ),
    "{field}: {number} is written with an exponent: write it as digits": "{field}：{number} 用了科学计数法：请写成数字",
    "write the value as the digits the message gives, with at most one point": "请按提示写成数字（最多一个小数点）",
    "{field}: {number} is a percentage: write a ratio as a fraction, value: {plain}": (
        "{field}：{number} 是百分数：比率请写成小数，value: {plain}"
    ),
    "write the value as the fraction the message gives": "请按提示写成小数",
    "{field}: {written} holds a unit or a currency sign: write the number alone, value: {plain}": (
        "{field}：{written} 带有单位或货币符号：请只写数字，value: {plain}"
    ),
    "{field}: {written} holds a unit or a currency sign: write the number alone": (
        "{field}：{written} 带有单位或货币符号：请只写数字"
    ),
    "{field}: {written} groups its thousands with commas: write the digits alone, value: {plain}": (
        "{field}：{written} 用逗号分隔了千位：请只写数字，value: {plain}"
    ),
    "write the number the message gives, in the parameter's unit (its unit: line)": (
        "请按提示只写数字，单位即该参数 unit: 一行所写的单位"
    ),
    "{field}: nothing is written after {key}:": "{field}：{key}: 后面什么也没写",
    "write the rule's condition: when: income_per_capita < monitoring_line": (
        "请写出规则的条件：when: income_per_capita < monitoring_line"
    ),
    "write what {key} holds after it (rules/README.md), or delete the key": (
        "请在 {key}: 后面写上它的内容（见 rules/README.md），或删去这个键"
    ),
    "{field}: YAML reads it as a yes/no value (yes, no, on, off, true or false), not as a number": (
        "{field}：YAML 把它读作是/否（yes、no、on、off、true 或 false），不是数字"
    ),
    "{field}: {number} is too long: at most 12 digits before the point and 6 after": (
        "{field}：{number} 太长：小数点前最多 12 位，小数点后最多 6 位"
    ),
    "{field}: {number} is written with full-width digits: write them half-width, value: {plain}": (
        "{field}：{number} 用了全角数字：请改为半角，value: {plain}"
    ),
    "{field}: {moment} is a time, not a day: write the day, {day}": (
        "{field}：{moment} 是时刻，不是日期：请写日期 {day}"
    ),
    "write the day the message gives, as YYYY-MM-DD": "请按提示写日期（YYYY-MM-DD）",
    "{field}: {number} is below 0: a value is at least 0": "{field}：{number} 小于 0：取值不能小于 0",
    "{field}: region {code} has {count} digit; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村)": (
        "{field}：地区代码 {code} 只有 {count} 位；行政区划代码为 2、4、6、9 或 12 位（省/市/县/乡/村）"
    ),
    "{field}: region {code} has {count} digits; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村)": (
        "{field}：地区代码 {code} 有 {count} 位；行政区划代码为 2、4、6、9 或 12 位（省/市/县/乡/村）"
    ),
    "{field}: region {code} is not a region code; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村), "
    "written as ASCII digits": (
        "{field}：{code} 不是地区代码；行政区划代码为 2、4、6、9 或 12 位（省/市/县/乡/村）半角数字"
    ),
    "{field}: region {code}: its first two digits, {prefix}, name none of the 31 provinces of the monitoring; "
    f"{PROVINCE_RULE}": (
        "{field}：地区代码 {code} 的前两位 {prefix} 不是监测覆盖的 31 个省级行政区的代码；" + PROVINCE_RULE_ZH
    ),
    "{field}: {given} is not a check code: the national checks' codes are digits, their groups joined by _ "
    "(1_02_006)": "{field}：{given} 不是疑点代码：全国核查规则的疑点代码由数字组成，各组以 _ 连接（1_02_006）",
    "write the national check's code, e.g. 1_02_006": "请写全国核查规则的疑点代码，例如 1_02_006",
    "{field}: {given} is not an id: words of lowercase letters, digits and _, joined by dots": (
        "{field}：{given} 不是有效的编号：应由小写字母、数字和 _ 组成的词以点连接"
    ),
    "write an id like local.low_income (words of a-z, 0-9 and _, the first starting with a letter)": (
        "请写成 local.low_income 这样的编号（各词由 a-z、0-9 和 _ 组成，以字母开头）"
    ),
    "{field}: {number} is read as a number, not as a date": "{field}：{number} 被读成了数字，不是日期",
    "{field}: {given} is not a date written YYYY-MM-DD": "{field}：{given} 不是 YYYY-MM-DD 格式的日期",
    "{field}: {number} has more than {count} digits before the decimal point": (
        "{field}：{number} 小数点前超过 {count} 位"
    ),
    "{field}: {number} has more than {count} decimal places": "{field}：{number} 超过 {count} 位小数",
    "{field}: the money value {number} (region {region} from {start}) has a part of a fen": (
        "{field}：金额 {number}（地区 {region}，自 {start} 起）含有不足一分的部分"
    ),
    "{field}: a measure is development (开发式) or welfare (兜底), not both": (
        "{field}：一项帮扶措施只能是开发式（development）或兜底（welfare），不能两者都是"
    ),
    "keep development: true for a measure that needs labour (jobs, projects), or welfare: true for 兜底": (
        "需要劳动力的措施（就业、产业项目）保留 development: true，兜底措施保留 welfare: true"
    ),
    "parameter {parameter} is {number} for region {region} from {start}, over a hundred times the reference value "
    "{reference} ({source}) (in 分, not 元?)": (
        "参数 {parameter}在地区 {region} 自 {start} 起的取值为 {number}，是参考值 {reference}（{source}）的一百倍以上"
        "（是否按“分”而不是“元”填写了？）"
    ),
    "parameter {parameter} is {number} for region {region} from {start}, over a hundred times the reference value "
    "{reference} ({source}) (a percent, not a fraction?)": (
        "参数 {parameter}在地区 {region} 自 {start} 起的取值为 {number}，是参考值 {reference}（{source}）的一百倍以上"
        "（是否按百分数而不是小数填写了？）"
    ),
    "parameter {parameter} is {number} for region {region} from {start}, over a hundred times the reference value "
    "{reference} ({source})": (
        "参数 {parameter}在地区 {region} 自 {start} 起的取值为 {number}，是参考值 {reference}（{source}）的一百倍以上"
    ),
    "parameter {parameter} is {number} for region {region} from {start}, under a hundredth of the reference value "
    "{reference} ({source})": (
        "参数 {parameter}在地区 {region} 自 {start} 起的取值为 {number}，不到参考值 {reference}（{source}）的百分之一"
    ),
    "write the value in the parameter's unit ({unit}): value: {plain}": (
        "请按该参数的单位（{unit}）填写：value: {plain}"
    ),
    "write the value in the parameter's unit ({unit}), as the reference value is": (
        "请像参考值那样按该参数的单位（{unit}）填写"
    ),
    "{field}: the {unit} value {number} (region {region} from {start}) is not whole": (
        "{field}：单位为 {unit} 的取值 {number}（地区 {region}，自 {start} 起）不是整数"
    ),
    "write a whole number (value: 6), or give the parameter the unit it is in": (
        "请填写整数（value: 6），或把该参数的单位改为它实际使用的单位"
    ),
    "{field}: a rule of level {level} names no measure: its households would have no plan": (
        "{field}：级别为 {level} 的规则没有列出任何帮扶措施：它命中的农户将没有帮扶计划"
    ),
    "name the measures its households need (measures: [monitoring.home_visit]), or give it level: info": (
        "请列出这些农户需要的帮扶措施（measures: [monitoring.home_visit]），或把级别改为 level: info"
    ),
    "write the value in 元 with at most two decimals (value: 8700.50)": (
        "金额以元为单位，最多写两位小数（value: 8700.50）"
    ),
    "not valid YAML: character {char} at column {column} cannot stand in a YAML file": (
        "不是有效的 YAML：第 {column} 列的字符 {char} 不能出现在 YAML 文件中"
    ),
    "delete it (a file saved as UTF-16, or pasted from a binary, holds such characters); save the file as UTF-8": (
        "请删除它（以 UTF-16 保存的文件、从二进制内容粘贴的文本会含有这样的字符）；请把文件保存为 UTF-8"
    ),
    "not valid YAML: could not determine a constructor for the tag {tag}": (
        "不是有效的 YAML：无法识别标签 {tag}（规则文件中不能使用 YAML 标签）"
    ),
    "delete the tag (!!… before the value): a rules file holds plain texts, numbers, dates, lists and mappings, "
    "never a tagged object": (
        "请删除标签（值前面的 !!…）：规则文件只含普通的文本、数字、日期、列表和映射，不含带标签的对象"
    ),
    "parameter {name} has the name of a household fact": "参数 {name} 与一个户事实同名",
    "parameter {name} has the name of a member fact: inside a member condition the fact is read": (
        "参数 {name} 与一个成员事实同名：在成员条件中读取的是该事实"
    ),
    "parameter {name} is called by a word of the rule language ({words})": (
        "参数 {name} 的名字是规则语言的关键字（{words}）"
    ),
    "named condition {name} ({where}) and parameter {other} ({place}) have one name": (
        "命名条件 {name}（{where}）与参数 {other}（{place}）同名"
    ),
    "named condition {name} has the name of a fact": "命名条件 {name} 与一个事实同名",
    "named condition {name} is called by a word of the rule language ({words})": (
        "命名条件 {name} 的名字是规则语言的关键字（{words}）"
    ),
    "rename the condition": "请给命名条件改名",
    "write the named condition with a label and its condition: {name}: {label: …, when: …}": (
        "请给命名条件写出标签和条件：{name}: {label: …, when: …}"
    ),
    "give the title in both languages: title: {zh: 中文标题, en: English title}": (
        "请用中英文两种语言写标题：title: {zh: 中文标题, en: 英文标题}"
    ),
    "rename the named condition": "请给命名条件改名",
    "rename the parameter": "请给参数改名",
    "rename the parameter (e.g. {example})": "请给参数改名（例如 {example}）",
    "{written} is not a number written plainly: YAML reads it as the octal number {number}": (
        "{written} 不是按常规写法写的数字：YAML 会把它读成八进制数 {number}"
    ),
    "{written} is not a number written plainly: YAML reads it as the hexadecimal number {number}": (
        "{written} 不是按常规写法写的数字：YAML 会把它读成十六进制数 {number}"
    ),
    "{written} is not a number written plainly: YAML reads it as the binary number {number}": (
        "{written} 不是按常规写法写的数字：YAML 会把它读成二进制数 {number}"
    ),
    "{written} is not a number written plainly: YAML reads it as the base-60 number {number}": (
        "{written} 不是按常规写法写的数字：YAML 会把它读成六十进制数 {number}"
    ),
    "write the number as digits with at most one point and no leading 0, or quote it if it is text: {quoted}": (
        "请把数字写成不以 0 开头、最多一个小数点的数字；如果它是文本，请加引号：{quoted}"
    ),
    "quote it: YAML reads an unquoted yes, no, on, off, true or false as a yes/no value, not as text ({example})": (
        "请加引号：YAML 会把未加引号的 yes、no、on、off、true、false 读成是/否值，而不是文本（{example}）"
    ),
    "parameter {name} is in {unit} in an earlier rules file and in {other} here": (
        "参数 {name} 在较早的规则文件中的单位是 {unit}，在这里是 {other}"
    ),
    "keep the unit of the reference parameter": "请沿用参考参数的单位",
    "give the parameter one {key} in every file of a folder that writes it (a later rules folder may rename it)": (
        "同一规则文件夹中写到这个参数的每个文件，请给它相同的 {key}（后面的规则文件夹可以改名）"
    ),
    "keep one of the two values for that region and day, or start the later one on the day it applies": (
        "请只保留该地区该日期的一个取值，或把较晚的取值的起始日期改为它实际开始适用的那一天"
    ),
    "keep one of the two values for that region and day, or start the later one on the day it applies (a value "
    "replaces another only from a later rules folder)": (
        "请只保留该地区该日期的一个取值，或把较晚的取值的起始日期改为它实际开始适用的那一天"
        "（只有写在后面的规则文件夹中的取值才会替换前面的）"
    ),
    "{key}: {written} in a {…} mapping reads as {key}: {first} and then {rest} as a key without a value: YAML ends a "
    "value at a comma there": (
        "在 {…} 映射中，{key}: {written} 会被读成 {key}: {first}，{rest} 则成了一个没有值的键："
        "YAML 在那里把逗号当作值的结束"
    ),
    "{key}: {written} in a {…} mapping reads as {key}: {first} and then {rest} as keys without a value: YAML ends a "
    "value at a comma there": (
        "在 {…} 映射中，{key}: {written} 会被读成 {key}: {first}，{rest} 则成了几个没有值的键："
        "YAML 在那里把逗号当作值的结束"
    ),
    "write {key}: {number} (no thousands comma)": "请写成 {key}: {number}（不要千位逗号）",
    "write {key}: {number} if the comma is a decimal point (a thousands comma groups three digits)": (
        "逗号若是小数点，请写成 {key}: {number}（千位逗号每三位一组）"
    ),
    "write {key} as one number, with a point for its decimals and no comma": (
        "请把 {key} 写成一个数，用小数点，不要逗号"
    ),
    "risk type {risk} has no English label": "风险类型 {risk} 没有英文名",
    "add risk_type_en: … to the rule (English output names the risk type with it)": (
        "请给这条规则加上 risk_type_en: …（英文输出用它称呼这个风险类型）"
    ),
    "did you mean {risk} ({label})? or add risk_type_en: … to the rule (English output names the risk type with "
    "it)": "是否应为 {risk}（{label}）？否则请给这条规则加上 risk_type_en: …（英文输出用它称呼这个风险类型）",
    "{field}: is blank": "{field}：只有空格，没有内容",
    "{field}: Input should be {listed}": "{field}：应为 {listed}",
    "{field}: String should match pattern '{pattern}'": "{field}：写法不对（应符合正则表达式 '{pattern}'）",
    "{field}: String should have at least 1 character": "{field}：不能为空",
    "{field}: Input should be a mapping (key: value)": "{field}：应为键值对（key: value）的映射",
    "{field}: Input should be a valid tuple": "{field}：应为列表",
    "{field}: Input should be a valid list": "{field}：应为列表",
    "{field}: Input should be a valid string": "{field}：应为文本",
    "{field}: Input should be a valid integer, unable to parse string as an integer": "{field}：应为整数",
    "{field}: Input should be a valid integer, got a number with a fractional part": (
        "{field}：应为整数，不能有小数部分"
    ),
    "{field}: Input should be a valid integer": "{field}：应为整数",
    "{field}: Input should be a valid decimal": "{field}：应为数",
    "{field}: Decimal input should be an integer, float, string or Decimal object": (
        "{field}：应为数（不能是列表或映射）"
    ),
    "{field}: Input should be a finite number": "{field}：应为有限的数",
    "{field}: Input should be a valid boolean, unable to interpret input": "{field}：应为 true 或 false",
    "{field}: Input should be a valid boolean": "{field}：应为 true 或 false",
    "{field}: Input should be greater than or equal to {bound}": "{field}：应不小于 {bound}",
    "{field}: Input should be less than or equal to {bound}": "{field}：应不大于 {bound}",
    "{field}: a rule needs at least {least} cases, and this one has {count}": (
        "{field}：一条规则至少需要 {least} 个用例，这条只有 {count} 个"
    ),
    "{field}: a parameter needs at least one value, and its values list is empty": (
        "{field}：参数至少需要一个取值，而它的 values 列表是空的"
    ),
    'give it its values: values: [{region: "", from: 2025-01-01, value: 8700, source: …}]': (
        '请写出它的取值：values: [{region: "", from: 2025-01-01, value: 8700, source: …}]'
    ),
    "{field}: until {until} is not after from {start}: the value would never be in force (until is the first day "
    "it no longer is)": "{field}：until {until} 不晚于 from {start}：这个值永远不会生效（until 是它不再适用的第一天）",
    "give the rule at least three cases: one that fires, one that stays silent and one not evaluable "
    '(rules/README.md, "Writing and testing a local rule")': (
        "请为这条规则写至少三个用例：一个触发、一个不触发、一个无法判断"
        "（见 rules/README.md 中编写和测试本地规则的一节）"
    ),
    "write a list, even of one item: {key}: [{items}]": "请写成列表，即使只有一项：{key}: [{items}]",
    "write a whole number of days from 1 to 366": "请填写 1 到 366 之间的整数天数",
    "write the code of a province, prefecture, county, township or village (2, 4, 6, 9 or 12 digits: 省/市/县/乡/村) "
    'in quotes, as ASCII digits: region: "532328" (a leading 0 is kept only so), or "" for the whole country': (
        "请用半角数字填写省、市、县、乡或村的区划代码（2、4、6、9 或 12 位：省/市/县/乡/村），并加引号："
        'region: "532328"（这样开头的 0 才会保留）；全国写 ""'
    ),
    "write the code of the region the cases are evaluated in (2, 4, 6, 9 or 12 digits: 省/市/县/乡/村) in quotes, "
    'as ASCII digits: region: "532328"': (
        '请用半角数字填写用例所在地区的区划代码（2、4、6、9 或 12 位：省/市/县/乡/村），并加引号：region: "532328"'
    ),
    "write a number of at least 0, as digits with at most one point, at most 12 digits before it and 6 after, in "
    "the parameter's unit: money in 元 below 10^12 (value: 8700), a ratio as a fraction to the millionth (30 % is "
    "value: 0.3)": (
        "请填写不小于 0 的数：只用数字和至多一个小数点，整数部分至多 12 位，小数部分至多 6 位，并使用该参数的单位："
        "金额以元为单位且低于 10^12 元（value: 8700），比率写成小数、精确到百万分之一（30% 写作 value: 0.3）"
    ),
    "write a date as YYYY-MM-DD after from (until is the first day the value no longer applies)": (
        "请按 YYYY-MM-DD 填写晚于 from 的日期（until 是这个值不再适用的第一天）"
    ),
    'quote it: YAML reads it unquoted as the number {number}, not as text (write it in quotes: "…")': (
        '请加上引号：不加引号时 YAML 把它读作数字 {number}，而不是文本（写成 "…"）'
    ),
    "write the {field}: it holds only spaces": "请填写 {field}：现在只有空格",
    "write where the value comes from, e.g. source: 云农办通〔2025〕1号, or say that no official figure exists: "
    "source: 地方实践，无官方标准": (
        "请写明取值的出处，例如 source: 云农办通〔2025〕1号；没有官方标准的，请写 source: 地方实践，无官方标准"
    ),
    "write a date as YYYY-MM-DD: {example}": "请按年-月-日（YYYY-MM-DD）填写日期：{example}",
    # --- the command line: argparse's own words, its errors and fanpin's help ----------------------------
    "show this help message and exit": "显示本帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    "positional arguments": "位置参数",
    "options": "选项",
    "the following arguments are required: {names}": "缺少必需的参数：{names}",
    "unrecognized arguments: {names}": "无法识别的参数：{names}",
    "invalid choice: {value} (choose from {choices})": "无效的取值 {value}（可选：{choices}）",
    "invalid int value: {value}": "{value} 不是整数",
    "invalid {kind} value: {value}": "{value} 不是有效的 {kind} 值",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面至多需要一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected {count} argument": "后面需要 {count} 个值",
    "expected {count} arguments": "后面需要 {count} 个值",
    "ambiguous option: {option} could match {matches}": "选项 {option} 有歧义，可能是 {matches}",
    "not allowed with argument {names}": "不能与参数 {names} 同时使用",
    "one of the arguments {names} is required": "参数 {names} 中必须给出一个",
    "ignored explicit argument {value}": "这个选项不带值，多出了 {value}",
    "unexpected option string: {option}": "意外的选项 {option}",
    "{value} is no such day in the calendar: check the month (1 to 12) and the day (a month has 28 to 31)": (
        "日历上没有 {value} 这一天：请检查月份（1 至 12）和日期（每月 28 至 31 天）"
    ),
    "{value} is not a date; write YYYY-MM-DD, e.g. 2025-06-30": (
        "{value} 不是日期；请按 YYYY-MM-DD 填写，例如 2025-06-30"
    ),
    "{value} is not written YYYY-MM-DD; write {date}": "{value} 不是按 YYYY-MM-DD 写的；请写 {date}",
    "{value} has {count} digit; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村), e.g. 532328": (
        "{value} 只有 {count} 位数字；区划代码有 2、4、6、9 或 12 位（省/市/县/乡/村），例如 532328"
    ),
    "{value} has {count} digits; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村), e.g. 532328": (
        "{value} 有 {count} 位数字；区划代码有 2、4、6、9 或 12 位（省/市/县/乡/村），例如 532328"
    ),
    "the path is empty; name a file, e.g. {example}, or leave the option out for its default": (
        "路径为空；请写出文件名，例如 {example}，或不写这个选项，使用其默认文件"
    ),
    "the path is empty; name a file, e.g. {example}": "路径为空；请写出文件名，例如 {example}",
    "the path is empty; name the file to read": "路径为空；请写出要读取的文件",
    "the 户编号 is empty; give it as the file writes it, e.g. --household H1": (
        "户编号为空；请按文件中的写法给出，例如 --household H1"
    ),
    "{value}: its first two digits, {prefix}, name none of the 31 provinces of the monitoring; " + PROVINCE_RULE: (
        "{value} 的前两位 {prefix} 不是监测覆盖的 31 个省级行政区的代码；" + PROVINCE_RULE_ZH
    ),
    "{value} has a space before or after it; write it without: {trimmed}": "{value} 前后有空格；请去掉空格：{trimmed}",
    "{value} is not a region code; write the division code's 2, 4, 6, 9 or 12 digits, e.g. 532328": (
        "{value} 不是区划代码；请填写 2、4、6、9 或 12 位数字的区划代码，例如 532328"
    ),
    "{value} is written with full-width digits or signs, as an input method types them in its full-width mode; "
    "write them half-width: {half} (switch the input method to half-width, or type them again)": (
        "{value} 使用了全角数字或符号（输入法处于全角状态时会这样输入）；请改用半角：{half}"
        "（把输入法切换为半角，或重新输入）"
    ),
    "- (standard output) cannot be written to on this system; name a file": (
        "本系统不能写入 -（标准输出）；请指定一个文件"
    ),
    "name at least one column, or write all or none": "请至少写出一列，或写 all（全部）或 none（不保留）",
    "not a whole number: {value}": "{value} 不是整数",
    "{path} names a folder (it ends with {slash}); name a file in it": (
        "{path} 是文件夹（以 {slash} 结尾）；请写出其中的文件名"
    ),
    "at least 1 (1: score in this process only)": "至少为 1（1：只在本进程中评分）",
    "fanpin report reads one scored file: join the files into one first (scored files of other households joined "
    "end to end are read as one), or write one report per file": (
        "fanpin report 只读取一个评分结果文件：请先把这些文件合并成一个"
        "（不同农户的评分结果文件首尾相接后可作为一个文件读取），"
        "或每个文件各写一份报告"
    ),
    "fanpin score reads one input file: run it once for each file": (
        "fanpin score 只读取一个输入文件：请对每个文件分别运行一次"
    ),
    "fanpin explain reads one input file: run it once for each file": (
        "fanpin explain 只读取一个输入文件：请对每个文件分别运行一次"
    ),
    "{file} is a file: write ./{file}, or put -- before it, after the options": (
        "{file} 是一个文件：请写作 ./{file}，或在所有选项之后、在它前面写 --"
    ),
    "Find households at risk of (re)falling into poverty (防止返贫动态监测) and plan measures.": (
        "找出有返贫致贫风险的农户（防止返贫动态监测），并为每户制定帮扶措施。"
    ),
    "Example: {command}": "示例：{command}",
    "score a household file (CSV, .xlsx, Parquet or JSON Lines)": "为农户文件评分（CSV、.xlsx、Parquet 或 JSON Lines）",
    "show every rule's outcome for one household": "列出一户在每条规则上的结果",
    "write a self-contained HTML report of a scored file (a county at a glance)": (
        "把评分结果文件写成一份独立的 HTML 报告（一县概览）"
    ),
    "validate rule, parameter and measure folders, run every rule's cases and find the classic checker bugs": (
        "校验规则、参数和措施文件夹，运行每条规则的用例，并查找核查规则的常见缺陷"
    ),
    "CSV (UTF-8, UTF-8 BOM, GBK or GB18030), .xlsx, .parquet or .jsonl": (
        "CSV（UTF-8、带 BOM 的 UTF-8、GBK 或 GB18030）、.xlsx、.parquet 或 .jsonl 文件"
    ),
    "the household file, read as fanpin score reads it": "农户文件，按 fanpin score 的方式读取",
    "evaluation date YYYY-MM-DD (picks parameters)": "评估日期，格式 YYYY-MM-DD（据此选取参数值）",
    "region code for rows without 行政区划代码": "没有行政区划代码的行所用的区划代码",
    "extra rules folder (repeatable)": "另加的规则文件夹（可多次给出）",
    "language of text columns (default zh)": "输出文件中文字列的语言（默认 zh，中文）",
    "the data-check pack (疑点数据核查, rules/checks/): off (default), with the risk rules, or only": (
        "疑点数据核查规则包（rules/checks/）：off 不用（默认），with 与风险规则一起用，only 只用核查规则"
    ),
    "output file, - for standard output (default: INPUT stem + .scored.<format> here)": (
        "输出文件，- 表示标准输出（默认：当前文件夹下，INPUT 的主文件名 + .scored.<format>）"
    ),
    "output format (default from --out's suffix; csv without one)": (
        "输出格式（默认按 --out 的扩展名；没有扩展名时为 csv）"
    ),
    "rejected rows file, - for standard output (default: next to the input, INPUT stem + .rejected.csv)": (
        "拒收行文件，- 表示标准输出（默认：输入文件旁边，INPUT 的主文件名 + .rejected.csv）"
    ),
    "also write the clerk's worksheet of data-check findings (疑点数据核查, with --checks with or only): one row "
    "per finding — code, message, 县/乡/村, 户编号, the member's masked ID number and name, the fields and values "
    "that made it fire. FILE.xlsx: a summary sheet (per code, per village) and one sheet per code; .csv, .parquet "
    "or .jsonl: one table; - for standard output (CSV). Sorted by code, 县, 乡, 村, 户编号, member": (
        "另写一份疑点数据核查清单（需 --checks with 或 only）：每个疑点一行——疑点代码、提示、县/乡/村、户编号、"
        "成员的证件号码和姓名（已脱敏）、引发疑点的字段和值。FILE.xlsx：一张汇总表（按代码、按村）和每个代码"
        "一张表；.csv、.parquet 或 .jsonl：一张表；- 表示标准输出（CSV）。按代码、县、乡、村、户编号、成员排序"
    ),
    "batch: whole chunks as polars expressions (default); durable: one household at a time": (
        "batch：整块以 polars 表达式计算（默认）；durable：逐户计算"
    ),
    "stop at a household whose region has no value for a parameter (default: its rules are not evaluable, and a "
    "warning lists each gap)": (
        "遇到所在地区缺少某个参数值的农户即停止（默认：读取该参数的规则记为无法判断，警告中列出每处缺口）"
    ),
    "rows per chunk (default {rows}; households for a person-level export, default {households}, {durable} with "
    "--engine durable; with worker processes, {worker} divided among them)": (
        "每块的行数（默认 {rows}；人员级导出文件按户计，默认 {households} 户，--engine durable 时 {durable} 户；"
        "使用工作进程时共 {worker} 户，由各进程分担）"
    ),
    "processes that score a person-level export's chunks (default: one fewer than the cores; one per core with "
    "--engine durable; at most {most}; 1: this process only; never more than the cores). The files written are "
    "the same; a household table is always scored in one process": (
        "为人员级导出文件的各块评分的进程数（默认：CPU 核数减一；有 --engine durable 时每核一个；"
        "至多 {most} 个；1：只在本进程中评分；从不多于 CPU 核数）。写出的文件都一样；户表总在一个进程中评分"
    ),
    "input columns to pass through after the scored ones: all, none, or headers separated by commas (e.g. "
    "户主姓名,工资性收入,备注; personal columns are masked). Default: the columns fanpin does not read": (
        "在评分列之后原样带出的输入列：all 全部，none 不带，或以逗号分隔的表头（例如 户主姓名,工资性收入,备注；"
        "个人信息列会脱敏）。默认：fanpin 不读取的列"
    ),
    "for the data owner only: write ID numbers, names, phone numbers and health details in clear into the output "
    "and errors files (by default they are masked)": (
        "仅限数据所有者：把证件号码、姓名、电话号码和健康信息以明文写入输出文件和拒收行文件（默认脱敏）"
    ),
    "户编号 of the household": "要查看的农户的户编号",
    "a scored CSV, Parquet or JSON Lines file (from fanpin score)": (
        "评分结果文件（fanpin score 写出的 CSV、Parquet 或 JSON Lines）"
    ),
    "the HTML file, - for standard output (default: SCORED stem + .report.html here)": (
        "HTML 文件，- 表示标准输出（默认：当前文件夹下，SCORED 的主文件名 + .report.html）"
    ),
    "a rules folder the file was scored with (repeatable); the data-check pack is found by itself": (
        "评分时用过的规则文件夹（可多次给出）；疑点数据核查规则包会自动找到"
    ),
    "language of the report (default zh)": "报告的语言（默认 zh，中文）",
    "extra rules folders (the reference rules come first)": "另加的规则文件夹（参考规则排在最前）",
    # --- fanpin check's report: its usual lines ------------------------------------------------------------
    "measure {measure} ({name}) of the reference catalogue is named by no rule: it is there for a county rule to "
    "name, and no plan holds it until one does": (
        "参考措施目录中的措施 {measure}（{name}）没有规则引用：它是留给县级规则引用的，在有规则引用之前，"
        "任何帮扶计划都不会包含它"
    ),
    "nothing, unless your county plans it: add {measure} to the measures of a rule of your folder (write a "
    "reference rule again there to change its measures)": (
        "本县不用这项措施则无需处理；要用，请把 {measure} 加到本县文件夹中某条规则的措施里"
        "（要改参考规则的措施，请在本县文件夹中重写该规则）"
    ),
    "measure {measure} ({name}) is named by no rule: no plan will ever hold it": (
        "措施 {measure}（{name}）没有规则引用：任何帮扶计划都不会包含它"
    ),
    "add {measure} to the measures of the rule that calls for it, or delete the measure": (
        "请把 {measure} 加到需要它的规则的措施中，或删除这项措施"
    ),
    "where the rules are used in another region, add its value with its source (a county's folder: region: "
    '"{example}"); nothing to do where they are not': (
        '规则用于其他地区时，请为该地区补上取值并注明依据（县级文件夹中写 region: "{example}"）；'
        "不用于其他地区则无需处理"
    ),
    "where the rules are used in another region, add its value with its source (a county's folder: region: "
    "its code, in quotes); nothing to do where they are not": (
        "规则用于其他地区时，请为该地区补上取值并注明依据（县级文件夹中写 region: 该县的区划代码，加引号）；"
        "不用于其他地区则无需处理"
    ),
    "parameter {parameter} has values only for region(s) {regions}; elsewhere the rules that read it are not "
    "evaluable until a value is added": (
        "参数 {parameter}只有地区 {regions} 的取值；在其他地区，读取它的规则在补上取值之前都无法判断"
    ),
    "parameter {parameter} has no value for region national from {start} to {end}: the rules that read it "
    "are not evaluable then": ("参数 {parameter}在 {start} 至 {end} 之间没有全国的取值：这段时间读取它的规则无法判断"),
    "parameter {parameter} has no value for region national from {start} on: the rules that read it are not "
    "evaluable then": "参数 {parameter}从 {start} 起没有全国的取值：此后读取它的规则无法判断",
    "parameter {parameter} has no value for region {code} from {start} to {end}: the rules that read it are "
    "not evaluable then": (
        "参数 {parameter}在 {start} 至 {end} 之间没有地区 {code} 的取值：这段时间读取它的规则无法判断"
    ),
    "parameter {parameter} has no value for region {code} from {start} on: the rules that read it are not "
    "evaluable then": "参数 {parameter}从 {start} 起没有地区 {code} 的取值：此后读取它的规则无法判断",
    "parameter {parameter} has two values for region national in force at once from {start} to {end}: "
    "{first} (from {first_start} until {first_end}) and {second} (from {second_start} until {second_end}); the "
    "later from wins, so {first} is not used then": (
        "参数 {parameter}在 {start} 至 {end} 之间有两个全国的取值同时有效：{first}（{first_start} 至 "
        "{first_end}）和 {second}（{second_start} 至 {second_end}）；起始日期较晚的优先，所以这段时间不用 {first}"
    ),
    "parameter {parameter} has two values for region {code} in force at once from {start} to {end}: "
    "{first} (from {first_start} until {first_end}) and {second} (from {second_start} until {second_end}); the "
    "later from wins, so {first} is not used then": (
        "参数 {parameter}在 {start} 至 {end} 之间有两个地区 {code} 的取值同时有效：{first}（{first_start} 至 "
        "{first_end}）和 {second}（{second_start} 至 {second_end}）；起始日期较晚的优先，所以这段时间不用 {first}"
    ),
    "parameter {parameter} has two values for region national in force at once from {start} to {end}: "
    "{first} (from {first_start} until {first_end}) and {second} (from {second_start}); the later from wins, so "
    "{first} is not used then": (
        "参数 {parameter}在 {start} 至 {end} 之间有两个全国的取值同时有效：{first}（{first_start} 至 "
        "{first_end}）和 {second}（{second_start} 起）；起始日期较晚的优先，所以这段时间不用 {first}"
    ),
    "parameter {parameter} has two values for region {code} in force at once from {start} to {end}: "
    "{first} (from {first_start} until {first_end}) and {second} (from {second_start}); the later from wins, so "
    "{first} is not used then": (
        "参数 {parameter}在 {start} 至 {end} 之间有两个地区 {code} 的取值同时有效：{first}（{first_start} 至 "
        "{first_end}）和 {second}（{second_start} 起）；起始日期较晚的优先，所以这段时间不用 {first}"
    ),
    "if {second} replaces {first}, end {first} where {second} starts (until: {start}); if not, correct the dates": (
        "如果 {second} 是替换 {first} 的新值，请让 {first} 在 {second} 开始时结束（until: {start}）；否则请改正日期"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true: `{first}` and `{second}` are never "
    "both true": "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：`{first}` 和 `{second}` 不可能同时成立",
    "rule {rule} can never fire: its condition `{condition}` is never true: `{part}` is never true on its own": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：`{part}` 本身就永远不成立"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true: `{part}` is never true ({why})": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：`{part}` 永远不成立（{why}）"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true: no part of it can be true": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：它的任何部分都不可能成立"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true ({why})": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立（{why}）"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true: `{first}` and `{second}` are never "
    "both true, given the values of {names} in every region and on every date they cover": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：按 {names} 在各地区、各日期的取值，"
        "`{first}` 和 `{second}` 不可能同时成立"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true: {first} ({first_label}) and {second} "
    "({second_label}) have no value in common": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：{first}（{first_label}）和 {second}"
        "（{second_label}）没有相同的取值"
    ),
    "compare each with one of its own values, e.g. {example}": "请让两者各自与自己的某个取值比较，例如 {example}",
    # a rule standing for an income band written again without the parameters the band is computed from
    "rule {rule} does not read {names} (its condition: `{condition}`), though the income band {band} it stands "
    "for is computed from {names} (rules/README.md, Classification): a household may be flagged {rule} and put "
    "in another band at once, and the suggested category and {missed} follow the band, not the rule": (
        "规则 {rule} 没有读取 {names}（它的条件：`{condition}`），而它所代表的收入区间 {band} 是按 {names} 计算的"
        "（见 rules/README.md 中分类一节）：同一户可能既被 {rule} 标出，又被归入另一个收入区间，"
        "而建议的监测对象类别和 {missed} 都按收入区间判断，不按这条规则"
    ),
    "to use a line of your own, override {names} for your region instead (a value in a parameters: section of "
    "your folder, with its region, from: and source:) and keep the reference rule's condition and the named "
    "conditions it reads; a test of your own goes in a rule with an id of its own": (
        "要使用本地自己的标准，请改为给本地区覆盖 {names}（在本县文件夹的 parameters: 中写一个取值，"
        "注明 region、from: 和 source:），并保留参考规则的条件及其读取的命名条件；自己的判断请写成另一个 id 的规则"
    ),
    # a range empty only because the fact's values are whole (a count, money in fen, a month, a day)
    "rule {rule} can never fire: its condition `{condition}` is never true: `{first}` and `{second}` are never "
    "both true ({why})": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：`{first}` 和 `{second}` 不可能同时成立（{why}）"
    ),
    "rule {rule} can never fire: its condition `{condition}` is never true: `{first}` and `{second}` are never "
    "both true ({why}), given the values of {names} in every region and on every date they cover": (
        "规则 {rule} 永远不会触发：它的条件 `{condition}` 永远不成立：按 {names} 在各地区、各日期的取值，"
        "`{first}` 和 `{second}` 不可能同时成立（{why}）"
    ),
    "in rule {rule}, the member condition of `{aggregate}` is true for no member: `{first}` and `{second}` are "
    "never both true ({why})": (
        "规则 {rule} 中 `{aggregate}` 的成员条件对任何成员都不成立：`{first}` 和 `{second}` 不可能同时成立（{why}）"
    ),
    "rule {rule} can never fire: its member condition `{condition}` is true for no member: `{first}` and "
    "`{second}` are never both true": (
        "规则 {rule} 永远不会触发：它的成员条件 `{condition}` 对任何成员都不成立：`{first}` 和 `{second}` "
        "不可能同时成立"
    ),
    "rule {rule} can never fire: its member condition `{condition}` is true for no member: `{first}` and "
    "`{second}` are never both true ({why})": (
        "规则 {rule} 永远不会触发：它的成员条件 `{condition}` 对任何成员都不成立：`{first}` 和 `{second}` "
        "不可能同时成立（{why}）"
    ),
    "in rule {rule}, the test `{test}` is never true: `{first}` and `{second}` are never both true ({why})": (
        "规则 {rule} 中的比较 `{test}` 永远不成立：`{first}` 和 `{second}` 不可能同时成立（{why}）"
    ),
    "{fact} is a whole number, and no whole number lies between {low} and {high}": (
        "{fact} 是整数，而 {low} 和 {high} 之间没有整数"
    ),
    "{fact} is kept to the fen, and no amount to the fen lies between {low} and {high}": (
        "{fact} 精确到分，而 {low} 和 {high} 之间没有精确到分的金额"
    ),
    "{fact} is a month, and no month lies between {low} and {high}": "{fact} 按月计，而 {low} 和 {high} 之间没有月份",
    "{fact} is a day, and no day lies between {low} and {high}": "{fact} 按日计，而 {low} 和 {high} 之间没有日期",
    "{fact} is kept to two decimals, and no value of two decimals lies between {low} and {high}": (
        "{fact} 只保留两位小数，而 {low} 和 {high} 之间没有两位小数的值"
    ),
    "widen the range to the nearest values {fact} takes: `{widened}`; or write the range meant": (
        "请把范围放宽到 {fact} 能取到的最近的值：`{widened}`；或写出本意的范围"
    ),
    "in rule {rule}, the member condition of `{aggregate}` is true for no member: `{first}` and `{second}` are "
    "never both true": (
        "规则 {rule} 中 `{aggregate}` 的成员条件对任何成员都不成立：`{first}` 和 `{second}` 不可能同时成立"
    ),
    "rule {rule} can never fire: its member condition `{condition}` is true for no member ({why})": (
        "规则 {rule} 永远不会触发：它的成员条件 `{condition}` 对任何成员都不成立（{why}）"
    ),
    "in rule {rule}, the test `{test}` is true whenever {facts} is known ({why})": (
        "规则 {rule} 中的比较 `{test}` 只要 {facts} 已知就成立（{why}）"
    ),
    "in rule {rule}, the test `{test}` is true for every household ({why})": (
        "规则 {rule} 中的比较 `{test}` 对每一户都成立（{why}）"
    ),
    "remove the test, or write `{facts} is not missing` if that is what is meant": (
        "请删除这个比较；如果本意是判断是否已填写，请写 `{facts} is not missing`"
    ),
    "{fact} is a whole number, and {value} is not": "{fact} 是整数，而 {value} 不是",
    "{fact} is kept to two decimals, as amounts of money are kept to the fen, and {value} is not": (
        "{fact} 只保留两位小数（如同金额精确到分），而 {value} 不是"
    ),
    "in rule {rule}, the test `{test}` is never true ({why})": "规则 {rule} 中的比较 `{test}` 永远不成立（{why}）",
    "in rule {rule}, the test `{test}` is never true: `{first}` and `{second}` are never both true": (
        "规则 {rule} 中的比较 `{test}` 永远不成立：`{first}` 和 `{second}` 不可能同时成立"
    ),
    "{fact} is never below {low} and never above {high} for a valid household": (
        "对有效的农户，{fact} 从不小于 {low}，也从不大于 {high}"
    ),
    "{fact} is never below {low} and never above {high} for a valid member": (
        "对有效的家庭成员，{fact} 从不小于 {low}，也从不大于 {high}"
    ),
    "{fact} is never below {low} for a valid household": "对有效的农户，{fact} 从不小于 {low}",
    "{fact} is never below {low} for a valid member": "对有效的家庭成员，{fact} 从不小于 {low}",
    "{fact} is never above {high} for a valid household": "对有效的农户，{fact} 从不大于 {high}",
    "{fact} is never above {high} for a valid member": "对有效的家庭成员，{fact} 从不大于 {high}",
    # after the bounds of a valid household's facts: these would take them, "for a valid …" as the bound
    "{fact} is never below {low}": "{fact} 从不小于 {low}",
    "{fact} is a share of the members: from {low} to {high}": "{fact} 是家庭成员中的比例：在 {low} 到 {high} 之间",
    "correct the condition, or remove the rule": "请改正条件，或删除这条规则",
    "remove the test, or correct it": "请删除这个比较，或改正它",
    "no value is below the lower end and above the upper end at once: for a value outside the range write "
    "`{outside}`; for a value inside it, swap the two ends: `{inside}`": (
        "没有哪个值会同时低于下限又高于上限：要找范围之外的值，请写 `{outside}`；要找范围之内的值，请把两端对调："
        "`{inside}`"
    ),
    "one value is never two: for either of them write `{either}`": (
        "一个值不可能同时等于两个值：要找其中任一个，请写 `{either}`"
    ),
    "every value the first test allows, the second excludes: correct one of the two sets": (
        "第一个比较允许的每个值，第二个都排除了：请改正其中一个集合"
    ),
    "the two tests contradict each other: correct one of them, or join them with or": (
        "这两个比较互相矛盾：请改正其中一个，或用 or 连接"
    ),
    "rule {rule}, case {case}: {fact} = {value} is a value no household can have": (
        "规则 {rule} 的用例 {case}：{fact} = {value} 是任何农户都不可能有的值"
    ),
    "rule {rule}, case {case}: unknown fact {name}; did you mean {suggestion}?": (
        "规则 {rule} 的用例 {case}：未知的事实 {name}；是否应为 {suggestion}？"
    ),
    "rule {rule}, case {case}: unknown fact {name}": "规则 {rule} 的用例 {case}：未知的事实 {name}",
    "use the fact names of rules/README.md": "请使用 rules/README.md 中列出的事实名称",
    "rule {rule}, case {case}: {column} is a column of the national export: rules and their cases read it as "
    "{fact}": "规则 {rule} 的用例 {case}：{column} 是全国系统导出表的列：规则及其用例把它读作 {fact}",
    "rule {rule}, case {case}: {label} is the label of {fact}: a case names a household's fact by its name": (
        "规则 {rule} 的用例 {case}：{label} 是 {fact} 的中文名称：用例按名称填写农户的事实"
    ),
    "the file holds nothing fanpin reads (it is empty, or holds comments only)": (
        "这个文件中没有 fanpin 能读取的内容（文件为空，或只有注释）"
    ),
    "write its sections (rules:, parameters:, measures:, conditions:, disable:) as rules/README.md shows, or "
    "delete the file; if it was written, save it again (as UTF-8)": (
        "请按 rules/README.md 所示写入各节（rules:、parameters:、measures:、conditions:、disable:），或删除这个文件；"
        "如果文件本来有内容，请重新保存（编码 UTF-8）"
    ),
    "rule {rule}, case {case}: {fact} ({label}) is a member's fact, not the household's: a case gives it in its "
    "members": "规则 {rule} 的用例 {case}：{fact}（{label}）是家庭成员的事实，不是农户的：用例在其成员中给出它",
    "rule {rule}, case {case}: {cell} is a member's cell, not the household's: a case gives it in its members": (
        "规则 {rule} 的用例 {case}：{cell} 是家庭成员的单元格，不是农户的：用例在其成员中给出它"
    ),
    "list the members beside facts: and give each the cell {cell} (members: [{{cell}: …}])": (
        "请在用例中与事实并列列出成员 members:，并给每个成员填写单元格 {cell}（members: [{{cell}: …}]）"
    ),
    "rule {rule}, case {case}: member {n}: unknown column {name}; did you mean {suggestion}?": (
        "规则 {rule} 的用例 {case}：第 {n} 个成员：未知的列 {name}；是否应为 {suggestion}？"
    ),
    "rule {rule}, case {case}: member {n}: unknown column {name}": (
        "规则 {rule} 的用例 {case}：第 {n} 个成员：未知的列 {name}"
    ),
    "rule {rule}, case {case}: member {n}: {fact} is a fact fanpin computes from the member's cells, not a column": (
        "规则 {rule} 的用例 {case}：第 {n} 个成员：{fact} 是 fanpin 由成员的单元格计算的事实，不是一列"
    ),
    "give the cell it is computed from ({cell}): a case's member is written as the export's cells": (
        "请给出计算它所用的单元格（{cell}）：用例的成员按导出表的单元格填写"
    ),
    "rule {rule}, case {case}: member {n}: {column}: {reason}": (
        "规则 {rule} 的用例 {case}：第 {n} 个成员：{column}：{reason}"
    ),
    "write the member's columns by the export's headers or the member facts' English names (rules/README.md, "
    '"Member facts")': "成员的列请用全国系统导出表的列名或成员事实的英文名（见 rules/README.md 中成员事实一节）",
    "correct the value": "请改正该值",
    "rule {rule}, case {case}: {fact} = {value} is not a value of {column}; did you mean {word}?": (
        "规则 {rule} 的用例 {case}：{fact} = {value} 不是{column}的取值；是否应为 {word}？"
    ),
    "rule {rule}, case {case}: {fact} = {value} is not a value of {column}": (
        "规则 {rule} 的用例 {case}：{fact} = {value} 不是{column}的取值"
    ),
    "write {word} (the values are {values})": "请改为 {word}（可选值为 {values}）",
    "rule {rule}, case {case}: {fact} = {value} has a part of a fen: it would be read as {amount}": (
        "规则 {rule} 的用例 {case}：{fact} = {value} 含有不足一分的部分：会按 {amount} 读取"
    ),
    "write the amount to the fen: {fact}: {amount}": "请把金额写到分：{fact}: {amount}",
    "rule {rule}, case {case}: {fact} = {value}: {reason}": "规则 {rule} 的用例 {case}：{fact} = {value}：{reason}",
    "write a value of {label} (count) as a file would": "请按文件中的写法填写{label}的值（一个整数）",
    "write a value of {label} (money) as a file would": "请按文件中的写法填写{label}的值（金额，单位元）",
    "write a value of {label} (month) as a file would": "请按文件中的写法填写{label}的值（年月，如 2023-04）",
    "write {fact}: '{month}'": "请改为 {fact}: '{month}'（加引号）",
    "write a value of {label} (date) as a file would": "请按文件中的写法填写{label}的值（日期，如 2025-06-30）",
    "write a value of {label} (bool) as a file would": "请按文件中的写法填写{label}的值（是或否）",
    "rule {rule} has no case that is not evaluable, but it reads {reads}, which can be unknown": (
        "规则 {rule} 没有无法判断的用例，但它读取的 {reads} 可能未知"
    ),
    "add a case with expect: not_evaluable that leaves out {absent} and gives no other fact a value that decides "
    "the rule (facts a case does not list are unknown)": (
        "请加一个 expect: not_evaluable 的用例：不给出 {absent}，也不给其他事实能决定结果的值"
        "（用例没有列出的事实都是未知的）"
    ),
    "rules {first} and {second} fire on exactly the same households ({second}'s condition `{condition}` is "
    "{first}'s in other words)": (
        "规则 {first} 和 {second} 触发的农户完全相同（{second} 的条件 `{condition}` 只是 {first} 的条件换了一种写法）"
    ),
    "keep one of the two (first at {where}), or correct the condition of the other": (
        "请只保留其中一条（第一条在 {where}），或改正另一条的条件"
    ),
    "rule {rule} adds nothing: whenever it fires, {other} ({where}) fires too, with the same kind, a level as "
    "high, every measure and every code": (
        "规则 {rule} 没有增加任何内容：它触发时，{other}（{where}）也一定触发，且类型相同、等级不低于它，"
        "它的每项措施和每个代码 {other} 都有"
    ),
    "remove {rule}, or give it what {other} lacks (its own measures or a higher level)": (
        "请删除 {rule}，或给它 {other} 所没有的内容（它自己的措施，或更高的等级）"
    ),
    "switch {rule} off in {folder} (disable: [{rule}]), or write {rule} again there with what {other} lacks (its "
    "own measures or a higher level)": (
        "请在 {folder} 中停用 {rule}（disable: [{rule}]），或在那里重写 {rule}，给它 {other} 所没有的内容"
        "（它自己的措施，或更高的等级）"
    ),
    "rules {chain} ({last} at {where}): each rule before {last} adds nothing: whenever it fires, the next one "
    "fires too, with the same kind, a level as high, every measure and every code": (
        "规则 {chain}（{last} 在 {where}）：{last} 之前的每条规则都没有增加任何内容：它触发时，下一条也一定触发，"
        "且类型相同、等级不低于它，它的每项措施和每个代码下一条都有"
    ),
    "{fix}, or give each what the next lacks (its own measures or a higher level)": (
        "请{fix}，或给每条规则下一条所没有的内容（它自己的措施，或更高的等级）"
    ),
    "keep {last} and remove the {count} rules before it": "保留 {last}，删除它之前的 {count} 条规则",
    "keep {last}, switch {earlier} off in {folder} (disable: [{earlier}])": (
        "保留 {last}，在 {folder} 中停用 {earlier}（disable: [{earlier}]）"
    ),
    "keep {last}, switch {earlier} off in {folder} (disable: [{earlier}]) and remove {own}": (
        "保留 {last}，在 {folder} 中停用 {earlier}（disable: [{earlier}]），并删除 {own}"
    ),
    "rule {rule}'s {field} holds Chinese ({han}): --lang en prints it in an English sentence": (
        "规则 {rule} 的 {field} 含有中文（{han}）：用 --lang en 输出时，它会出现在英文句子中"
    ),
    "measure {measure}'s {field} holds Chinese ({han}): --lang en prints it in an English sentence": (
        "措施 {measure} 的 {field} 含有中文（{han}）：用 --lang en 输出时，它会出现在英文句子中"
    ),
    "parameter {name}'s {field} holds Chinese ({han}): --lang en prints it in an English sentence": (
        "参数 {name} 的 {field} 含有中文（{han}）：用 --lang en 输出时，它会出现在英文句子中"
    ),
    "write it in English (a vocabulary word by its English name: 因病 is illness, 脱贫户 a formerly poor "
    "household)": "请用英文书写（词表中的词用它的英文名：因病是 illness，脱贫户是 a formerly poor household）",
    "rule {rule} has no case that fires": "规则 {rule} 没有会触发的用例",
    "rule {rule}: cases {first} and {second} give the same facts and members but expect {one} and {other}": (
        "规则 {rule}：用例 {first} 与 {second} 的事实和成员相同，预期却分别为 {one} 和 {other}"
    ),
    "one of the two is wrong: keep the one the rule's basis supports, and change the other's facts or its expect "
    "(case {first} is at line {line})": (
        "两者必有一个是错的：保留规则依据支持的那个，修改另一个的事实或 expect（用例 {first} 在第 {line} 行）"
    ),
    "add a case with expect: fires, whose facts ({reads}) make the condition true": (
        "请加一个 expect: fires 的用例，用事实（{reads}）使条件成立"
    ),
    "rule {rule} has no case that stays silent": "规则 {rule} 没有不触发的用例",
    "add a case with expect: silent, whose facts ({reads}) make the condition false — best one exactly on a "
    "threshold": "请加一个 expect: silent 的用例，用事实（{reads}）使条件不成立——最好正好落在阈值上",
    "rule {rule} mixes and with or without parentheses: and binds tighter, so `a and b or c` means `(a and b) or c`": (
        "规则 {rule} 混用了 and 和 or 而没有加括号：and 先结合，所以 `a and b or c` 的意思是 `(a and b) or c`"
    ),
    "add parentheses to say which is meant, e.g. `a and (b or c)`": ("请加括号写明本意，例如 `a and (b or c)`"),
    "rule {rule} divides by zero in its condition: `{division}` has no value for any household, so a test holding it "
    "is never true nor false, and the rule is not evaluable wherever it depends on it": (
        "规则 {rule} 的条件中除以零：`{division}` 对任何一户都没有值，含有它的判断永远无法判定成立与否，"
        "规则凡依赖它之处都无法判断"
    ),
    "divide by the fact or parameter meant (a count such as size, a parameter), or write `{term}` alone if no "
    "division was meant": (
        "请改为除以本意的事实或参数（如家庭人口数这样的人数，或一个参数）；如本不想做除法，只写 `{term}`"
    ),
    "rule {rule} compares money with the amount {amount} 元 written in its condition ({test}): a threshold differs "
    "from region to region and changes with the date, and a reader cannot tell where it comes from": (
        "规则 {rule} 在条件中直接写了金额 {amount} 元（{test}）：门槛因地区而异、随日期变化，读者也看不出它的出处"
    ),
    "put it in a parameter (unit: money, a value for each region with its from: date and its source) and compare "
    "with the parameter's name; an amount of 0 needs none": (
        "请把它写成参数（unit: money，每个地区一个值，写明 from: 日期和 source: 出处），在条件中用参数名比较；"
        "金额 0 不需要参数"
    ),
    "rule {rule} compares {measured} with the number {number} written in its condition ({test}): a threshold "
    "differs from region to region and changes with the date, and a reader cannot tell where it comes from": (
        "规则 {rule} 在条件中直接把{measured}与数字 {number} 比较（{test}）："
        "门槛因地区而异、随日期变化，读者也看不出它的出处"
    ),
    "put it in a parameter (unit: {unit}, a value for each region with its from: date and its source) and compare "
    "with the parameter's name; 0, and 1 of a count or a share, need none": (
        "请把它写成参数（unit: {unit}，每个地区一个值，写明 from: 日期和 source: 出处），在条件中用参数名比较；"
        "数字 0，以及人数、个数或比率的 1，不需要参数"
    ),
    "rule {rule} fires for every household: its condition {condition} is never false": (
        "规则 {rule} 对每一户都会触发：它的条件 {condition} 永远不会不成立"
    ),
    "rule {rule} fires whenever its facts are known: its condition {condition} is never false": (
        "规则 {rule} 只要事实已知就会触发：它的条件 {condition} 永远不会不成立"
    ),
    "a test is probably the wrong way round, or joined with or where and was meant": (
        "很可能有一个比较写反了，或者该用 and 的地方用了 or"
    ),
    "income bands overlap or leave a gap for region {region} on {day}: need 1 < near_line_multiple ({near}) < "
    "over_inclusion_multiple ({far})": (
        "地区 {region} 在 {day} 的收入区间重叠或留有空档：需要 1 < near_line_multiple（{near}）< "
        "over_inclusion_multiple（{far}）"
    ),
    "a multiple is a ratio of the monitoring line, such as 1.2 for 120 % (not 120): write the values of this region "
    "and date so that 1 < near_line_multiple < over_inclusion_multiple": (
        "倍数是监测范围的比值，例如 120% 写作 1.2（不是 120）：请改写该地区、该日期的取值，使 1 < near_line_multiple < "
        "over_inclusion_multiple"
    ),
    "code {code} is on two rules: {first} ({where}) and {second}": (
        "核查代码 {code} 用在了两条规则上：{first}（{where}）和 {second}"
    ),
    "give {code} to one rule only; a rule that covers two populations lists both codes": (
        "请只让一条规则使用 {code}；覆盖两类人群的规则可以同时列出两个代码"
    ),
    "{rules} rules ({checks} of them data checks answering {codes} codes), {parameters} parameters, {measures} "
    "measures from {files} files; {passed}/{cases} cases pass; {errors} error(s), {warnings} warning(s); version "
    "{version}": (
        "{rules} 条规则（其中 {checks} 条是数据核查，对应 {codes} 个核查代码），{parameters} 个参数，"
        "{measures} 项措施，来自 {files} 个文件；用例通过 {passed}/{cases}；错误 {errors} 处，警告 {warnings} 处；"
        "版本 {version}"
    ),
    "{rules} rules, {parameters} parameters, {measures} measures from {files} files; {passed}/{cases} cases pass; "
    "{errors} error(s), {warnings} warning(s); version {version}": (
        "{rules} 条规则，{parameters} 个参数，{measures} 项措施，来自 {files} 个文件；用例通过 {passed}/{cases}；"
        "错误 {errors} 处，警告 {warnings} 处；版本 {version}"
    ),
    "{location}: {rule} / {case}: expected {expected}, got {got} ({unknowns_given}) [FAILED]": (
        "{location}: 规则 {rule} 的用例 {case}：应为 {expected}，实际为 {got}（{unknowns_given}） [未通过]"
    ),
    "{location}: {rule} / {case}: expected {expected}, got {got} ({decided}) [FAILED]": (
        "{location}: 规则 {rule} 的用例 {case}：应为 {expected}，实际为 {got}（{decided}） [未通过]"
    ),
    "{location}: {rule} / {case}: expected {expected}, got {got} [FAILED]": (
        "{location}: 规则 {rule} 的用例 {case}：应为 {expected}，实际为 {got} [未通过]"
    ),
    "{value} is no date of the calendar ({cause})": "{value} 不是日历上存在的日期（{cause}）",
    "write a real date (YYYY-MM-DD)": "请填写真实存在的日期（YYYY-MM-DD）",
    "not a value fanpin can read ({cause})": "不是 fanpin 能读取的值（{cause}）",
    "write a real date (YYYY-MM-DD) or a number of at most 18 digits": (
        "请填写真实存在的日期（YYYY-MM-DD），或不超过 18 位的数字"
    ),
    "{count} 户编号 are ID or mobile numbers or names (a person's): masked in the outputs, the 户编号 column too, "
    "where they join nothing back to the file; give the households numbers of their own, or pass "
    "--keep-identities if you own the data and the outputs stay with you": (
        "有 {count} 个户编号是身份证号、手机号或姓名（属于个人）：输出中已遮盖，户编号列也不例外，"
        "因此无法据此与原文件对应；请给这些农户编一个自己的户编号；"
        "如果您是数据所有者且输出不外传，可以加 --keep-identities"
    ),
    # --- fanpin report: a file that is not the scored file it reads ------------------------------------------
    "the file is empty": "文件是空的",
    "give the file fanpin score wrote": "请给出 fanpin score 写出的文件",
    (
        "fanpin report reads a scored CSV, Parquet or JSON Lines file, not a workbook (the township workbook, or "
        "the findings worksheet)"
    ): "fanpin report 读取评分后的 CSV、Parquet 或 JSON Lines 文件，而不是工作簿（乡镇工作簿或疑点核查表）",
    (
        "not a scored file: it has none of the columns fanpin score adds (评估日期, 预警等级, 触发规则 …); a "
        "household table or a person-level export not yet scored?"
    ): (
        "不是评分文件：没有 fanpin score 添加的任何列（评估日期、预警等级、触发规则……）；"
        "是否是尚未评分的农户表或人口明细导出表？"
    ),
    "score it first (fanpin score FILE --as-of YYYY-MM-DD --out scored.csv), and report on scored.csv": (
        "请先评分（fanpin score 文件 --as-of YYYY-MM-DD --out scored.csv），再对 scored.csv 生成报告"
    ),
    "fanpin report reads a scored CSV, Parquet or JSON Lines file": (
        "fanpin report 读取评分后的 CSV、Parquet 或 JSON Lines 文件"
    ),
    "score to --out scored.csv, scored.parquet or scored.jsonl, and report on that file": (
        "请用 --out scored.csv、scored.parquet 或 scored.jsonl 评分，再对该文件生成报告"
    ),
    "not a readable scored file ({kind})": "不是可读取的评分文件（{kind}）",
    "not a whole Parquet file: it does not end as a Parquet file does (PAR1)": (
        "不是完整的 Parquet 文件：文件结尾不是 Parquet 文件应有的结尾（PAR1）"
    ),
    "not a Parquet file: it does not start as a Parquet file does (PAR1)": (
        "不是 Parquet 文件：文件开头不是 Parquet 文件应有的开头（PAR1）"
    ),
    "give the file fanpin score wrote, unchanged; a copy that stopped before its end is cut short: copy it again": (
        "请给出 fanpin score 写出的原文件，不要改动；中途停止的复制会使文件不完整：请重新复制"
    ),
    # a JSON Lines scored file cut short, or not UTF-8 (fanpin.report._jsonl_lines, _cut_line)
    "the file ends in the middle of a character, at byte {at} of the file ({code}): it looks cut short": (
        "文件在一个字符的中间结束（文件第 {at} 个字节，{code}）：文件似乎不完整"
    ),
    "byte {at} of the file ({code}) is not UTF-8 text: the file is not the UTF-8 fanpin score writes (saved "
    "again in another encoding?), or it is damaged": (
        "文件第 {at} 个字节（{code}）不是 UTF-8 文本：该文件不是 fanpin score 写出的 UTF-8 文件"
        "（是否用其他编码另存过？），或者文件已损坏"
    ),
    "the line is not complete JSON (the file ends in the middle of it: the file looks cut short)": (
        "该行不是完整的 JSON（文件在这一行的中间结束：文件似乎不完整）"
    ),
    "the line is not complete JSON (it was cut short)": "该行不是完整的 JSON（这一行被截断了）",
    "not a scored household: each line is a JSON object whose flags, risk_types and measures are lists (or texts "
    "of items joined by ;)": (
        "不是评分后的农户：每一行应是一个 JSON 对象，其中触发规则、风险类型和帮扶措施编号为列表"
        "（或以 ; 连接各项的文本）"
    ),
    "copy or download the whole file again, or score the households again": "请重新复制或下载完整的文件，或重新评分",
    "give the file fanpin score wrote, unchanged": "请给出 fanpin score 写出的原文件，不要改动",
    "not a scored file: it has no column {columns}": "不是评分文件：缺少列 {columns}",
    "not a scored file as it stands: its column {written} is {header} ({column}) written otherwise": (
        "按现在的写法不是评分文件：它的列 {written} 就是 {header}（{column}），但写法不同"
    ),
    "rename the column {written} {header}, as fanpin score writes it": (
        "请把列 {written} 改名为 {header}，与 fanpin score 写出的一致"
    ),
    "give the file fanpin score wrote (its headers in Chinese or English), with all its columns": (
        "请给出 fanpin score 写出的文件（表头为中文或英文均可），并保留它的所有列"
    ),
    "not a readable scored file: the column(s) {columns} do not hold what fanpin score writes": (
        "不是可读取的评分文件：列 {columns} 的内容不是 fanpin score 写出的"
    ),
    "line {line}: {header} is empty; fanpin score writes it on every row": (
        "第 {line} 行：{header} 是空的；fanpin score 在每一行都会写出它"
    ),
    "household {number}: {header} is empty; fanpin score writes it on every row": (
        "第 {number} 户：{header} 是空的；fanpin score 在每一行都会写出它"
    ),
    "line {line}: {header} holds {value}, which fanpin score never writes there": (
        "第 {line} 行：{header} 的值为 {value}，fanpin score 从不在这里写这个值"
    ),
    "household {number}: {header} holds {value}, which fanpin score never writes there": (
        "第 {number} 户：{header} 的值为 {value}，fanpin score 从不在这里写这个值"
    ),
    "give the file fanpin score wrote, unchanged (labels as fanpin writes them, in Chinese or English)": (
        "请给出 fanpin score 写出的原文件，不要改动（标签须与 fanpin 写出的一致，中文或英文均可）"
    ),
    "the columns {first} and {second} are both {header}: one of them would be ignored": (
        "列 {first} 和 {second} 都是 {header}：其中一列会被忽略"
    ),
    "keep one of the two columns": "请只保留其中一列",
    "the column {column} is given twice: one of them would be ignored": "列 {column} 出现了两次：其中一列会被忽略",
    "line {line} has {cells} cells and the header {headers}: not a row fanpin score wrote": (
        "第 {line} 行有 {cells} 个单元格，而表头有 {headers} 列：不是 fanpin score 写出的行"
    ),
    "give the file fanpin score wrote, unchanged (every row as long as its header)": (
        "请给出 fanpin score 写出的原文件，不要改动（每一行的单元格数与表头相同）"
    ),
    "the header row names 户编号 but its cells are separated by {separator}, not commas": (
        "表头含有户编号，但单元格之间用{separator}分隔，而不是逗号"
    ),
    "line {line} is a header row of other columns than the file's first header: scored files of different "
    "columns joined into one": "第 {line} 行是另一种列的表头：几个列不同的评分文件被拼接成了一个",
    "report on each scored file by itself, or score the households again into one file": (
        "请对每个评分文件分别生成报告，或把这些农户重新评分到一个文件中"
    ),
    "{header} repeats: {repeats} ({examples}): every figure would count it once per {per}": (
        "{header} 重复：{repeats}（{examples}）：每个统计数字都会按每个{per}各算一次"
    ),
    "{header} repeats: {repeats} ({examples}): every figure would count them once per {per}": (
        "{header} 重复：{repeats}（{examples}）：每个统计数字都会按每个{per}各算一次"
    ),
    "{count} household is in the file more than once, scored at the evaluation dates {dates}": (
        "有 {count} 户在文件中出现不止一次，评估日期分别为 {dates}"
    ),
    "{count} households are in the file more than once, scored at the evaluation dates {dates}": (
        "有 {count} 户在文件中出现不止一次，评估日期分别为 {dates}"
    ),
    "{count} household is in the file more than once, each time the same row": (
        "有 {count} 户在文件中出现不止一次，每次都是同样的一行"
    ),
    "{count} households are in the file more than once, each time the same row": (
        "有 {count} 户在文件中出现不止一次，每次都是同样的一行"
    ),
    "{count} household is in the file more than once, their rows different": (
        "有 {count} 户在文件中出现不止一次，各行不同"
    ),
    "{count} households are in the file more than once, their rows different": (
        "有 {count} 户在文件中出现不止一次，各行不同"
    ),
    "report on one date's scored file (one report per --as-of), or score the households again into one file": (
        "请对一个评估日期的评分文件生成报告（每个 --as-of 一份报告），或把这些农户重新评分到一个文件中"
    ),
    "report on one run's scored file, not copies of it joined, or score the households again into one file": (
        "请对一次运行的评分文件生成报告，不要把它的副本拼接在一起，或把这些农户重新评分到一个文件中"
    ),
    "report on one run's scored file, not two runs' files joined, or score the households again into one file": (
        "请对一次运行的评分文件生成报告，不要把两次运行的文件拼接在一起，或把这些农户重新评分到一个文件中"
    ),
    "line {line}: {reason}": "第 {line} 行：{reason}",
    "cannot write the report: {oserror}": "无法写出报告：{oserror}",
    "--out {name}: fanpin report writes an HTML page, not a {suffix} file": (
        "--out {name}：fanpin report 写出的是 HTML 网页，不是 {suffix} 文件"
    ),
    "choose an --out path in a folder you can write to, with room on its disk": (
        "请把 --out 指向一个有写入权限、磁盘空间足够的文件夹中的路径"
    ),
    "{option} {name}: write_report writes an HTML page, not a {suffix} file": (  # out, as a host's call names it
        "{option} {name}：write_report 写出的是 HTML 网页，不是 {suffix} 文件"
    ),
    "{header} holds {date}: {problem}": "{header} 的值为 {date}：{problem}",
    "score the households again with an earlier evaluation date (--as-of)": "请用更早的评估日期（--as-of）重新评分",
    "score the households again with an earlier evaluation date (as_of=)": "请用更早的评估日期（as_of=）重新评分",
    "{count} member(s) were born after the evaluation date {date} (户编号 {keys}): their age is unknown, and the "
    "rules reading it are not evaluable for their households; check 出生日期 (or the date the ID number encodes), "
    "or score with a later --as-of": (
        "有 {count} 名成员（户编号 {keys}）的出生日期晚于评估日期 {date}：他们的年龄未知，"
        "读取年龄的规则对其所在户无法判断；请核对出生日期（或证件号码所含的出生日期），或用更晚的 --as-of 评分"
    ),
    "{count} household(s) have 识别监测时间 or 消除监测时间 after the month of the evaluation date {date} (户编号 "
    "{keys}): the rules read such a month as written (the months since it come out negative: a rule asking for some "
    "months since it does not fire); check the two months, or score with a later --as-of": (
        "有 {count} 户（户编号 {keys}）的识别监测时间或消除监测时间晚于评估日期 {date} 所在的月份：规则按所填月份读取"
        "（距今月数为负，要求距今满若干月的规则不会触发）；请核对这两个月份，或用更晚的 --as-of 评分"
    ),
    "{count} row(s) have fewer cells than the header: their missing cells were read as empty (unknown, or the "
    "row refused where a required value is missing); check that no line was cut short or lost a separator (a "
    "program that leaves out a line's trailing empty cells writes such rows too)": (
        "有 {count} 行的单元格少于表头的列数：缺少的单元格按空值读取（视为未知；缺少必填值的行被拒收）；"
        "请检查是否有行被截断或丢失了分隔符（有的程序会省略行末的空单元格，也会写出这样的行）"
    ),
    "the workbook's other sheet(s) {sheets} hold households too, and were not read: fanpin reads the first sheet "
    "not hidden only; to score them, save each sheet as a workbook of its own and score each, or copy their rows "
    "below this sheet's into one sheet": (
        "工作簿中的其他工作表 {sheets} 也有住户数据，未被读取：fanpin 只读取第一个未隐藏的工作表；"
        "要对它们评分，请把每个工作表另存为一个单独的工作簿分别评分，或把它们的行复制到本工作表的行下面，合成一个工作表"
    ),
    "{count} row(s) have fewer cells than the header (line(s) {lines}): their missing cells were read as empty "
    "(unknown, or the row refused where a required value is missing); check that no line was cut short or lost a "
    "separator (a program that leaves out a line's trailing empty cells writes such rows too)": (
        "有 {count} 行（第 {lines} 行）的单元格少于表头的列数：缺少的单元格按空值读取"
        "（视为未知；缺少必填值的行被拒收）；请检查是否有行被截断或丢失了分隔符（有的程序会省略行末的空单元格，也会写出这样的行）"
    ),
    "measure {measure} is due {days} days after {date}, past {last}, the last date fanpin can write": (
        "帮扶措施 {measure} 的期限是 {date} 之后 {days} 天，超过了 fanpin 能写出的最后日期 {last}"
    ),
    "score with an earlier evaluation date (as_of=)": "请用更早的评估日期（as_of=）评分",
    # a host's call given a keyword its function has no parameter of (fanpin.arguments.checked_keywords)
    "{function} takes no argument {name}=; did you mean {suggestion}=?": (
        "{function} 没有参数 {name}=；是否应为 {suggestion}=？"
    ),
    "{function} takes no argument {name}=": "{function} 没有参数 {name}=",
    "write {suggestion}= for {name}= (its parameters: {parameters})": (
        "请把 {name}= 改为 {suggestion}=（它的参数：{parameters}）"
    ),
    "give only its parameters: {parameters}": "请只给出它的参数：{parameters}",
    "score with an earlier evaluation date (as_of=, --as-of on the command line)": (
        "请用更早的评估日期评分（命令行中的 --as-of，库中的 as_of=）"
    ),
    # --- a condition's types (rule-type): "{problem} in condition '…'", each problem on its own -----------
    # the whole first: the problems' templates below would take the condition into their last part
    "{problem} in condition {condition}": "条件 {condition} 中：{problem}",
    # a condition's syntax (rule-syntax): "{problem} in condition '…'", as the types' problems above
    "expected a fact, a parameter, a number or '(', found {found}": "此处应有事实、参数、数字或 '('，遇到的是{found}",
    "expected and / or / the end of the condition, found {found}": "此处应为 and、or 或条件结尾，遇到的是{found}",
    "expected 'missing' or 'empty' after 'is', found {found}": "'is' 之后应为 'missing' 或 'empty'，遇到的是{found}",
    "expected a number or quoted text in the set, found {found}": "集合中应为数字或带引号的文本，遇到的是{found}",
    "{name}(members, …) needs a member condition, found {found}": (
        "{name}(members, …) 需要一个成员条件，遇到的是{found}"
    ),
    "expected {what}, found {found}": "此处应为 {what}，遇到的是{found}",
    "unexpected character {char} at column {column}": "第 {column} 列的字符 {char} 不是规则语言的一部分",
    "the digit {char} at column {column} is not a half-width digit: a condition reads the digits 0 to 9 only": (
        "第 {column} 列的数字 {char} 不是半角数字：条件只读取半角数字 0 到 9"
    ),
    "write the digits half-width (an input method in its full-width mode types {shown}): {written}": (
        "请把数字改为半角（输入法的全角模式写出的是 {shown}）：{written}"
    ),
    "{text} is not a calendar date": "{text} 不是日历上存在的日期",
    "{text} is not a calendar month": "{text} 不是存在的年月",
    "{name}() takes {low}–{high} arguments, got {count}": "{name}() 需要 {low}–{high} 个参数，实际给了 {count} 个",
    "<> is not an operator of the rule language": "<> 不是规则语言的运算符",
    "{written} reads as two numbers, {first} and {second}": "{written} 会被读成两个数：{first} 和 {second}",
    "the number {number} of {digits} digits is out of range": "{digits} 位的数字 {number} 超出范围",
    "the number {number} is out of range": "数字 {number} 超出范围",
    "the condition nests more than {count} levels deep (parentheses, not, minus signs or a long chain of "
    "operators)": "条件嵌套超过 {count} 层（括号、not、负号或一长串运算符）",
    "the condition is empty": "条件为空",
    "the condition is {count} characters long, more than {most}": "条件长 {count} 个字符，超过了上限 {most}",
    "write the ) that closes the ( opened before it": "请补上与前面的 ( 对应的 )",
    "write the } that closes the { opened before it": "请补上与前面的 { 对应的 }",
    'write the values of in as a set in braces: x in {"a", "b"}': 'in 的取值请写成花括号中的集合：x in {"a", "b"}',
    "write a member condition as any(members, …), all(members, …) or count(members, …)": (
        "成员条件请写成 any(members, …)、all(members, …) 或 count(members, …)"
    ),
    "complete the test: a fact, a parameter or a number after each operator (and / or joins two tests)": (
        "请把判断写完整：每个运算符后面要有事实、参数或数字（and / or 连接两个判断）"
    ),
    "write the test out in one of them, so that no named condition refers back to itself": (
        "请在其中一个命名条件里直接写出判断，使命名条件不再引用回自身"
    ),
    "write a fact before it: loan_purpose is missing": "请在它前面写一个事实：loan_purpose is missing",
    'write a fact before it: loan_purpose in {"建房", "治病"}': (
        '请在它前面写一个事实：loan_purpose in {"建房", "治病"}'
    ),
    "compare values, then join tests with and / or; count(members, …) counts the members a test holds for": (
        "请先比较数值，再用 and / or 连接判断；要统计满足条件的成员数，请用 count(members, …)"
    ),
    "use it as a test: {name} and …": "请把它当作判断使用：{name} and …",
    "give {name}() {count} argument(s), separated by commas": "请给 {name}() {count} 个参数，以逗号分隔",
    "{name} holds the {script} letter {letter} (U+{code}), which looks like the Latin {latin}": (
        "{name} 中的 {letter}（U+{code}）是{script}字母，只是看起来像拉丁字母 {latin}"
    ),
    "write it in ASCII letters: {written}": "请用 ASCII 字母书写：{written}",
    "the quoted text {shown} holds a character no one sees, U+{code}": (
        "带引号的文本 {shown} 中有一个看不见的字符 U+{code}"
    ),
    "delete it (text copied from a web page or a Word table brings such characters): no cell would ever equal the "
    "text with it": "请删除它（从网页或 Word 表格复制的文本常带有这种字符）：带着它，没有哪个单元格会等于这段文本",
    "{written} divides by zero: it has no value": "{written} 是除以零：没有值",
    "write the number meant": "请写出想要的数字",
    "{written} is beyond the numbers a condition may write ({count} digits before the point)": (
        "{written} 超出了条件中可写的数字范围（小数点前最多 {count} 位）"
    ),
    "write a smaller number: money is in 元 below 10^12": "请写一个较小的数：金额以元为单位，低于 10^12",
    "{written} is no amount to the fen: money is compared with an amount written in 元": (
        "{written} 不是精确到分的金额：金额要与以元为单位写出的金额比较"
    ),
    "write the amount, at most two decimals (e.g. 333.33)": "请写出金额，最多两位小数（例如 333.33）",
    "write the amount to the fen, at most two decimals: {low} or {high}": (
        "请把金额写到分，最多两位小数：{low} 或 {high}"
    ),
    "write == to compare": "比较相等请写 ==",
    "write not, or != to compare": "取反请写 not，比较不等请写 !=",
    "attribute access is not part of the rule language": "规则语言中没有属性访问（.）",
    'write a set of values in braces, e.g. purpose in {"种植", "养殖"}; indexing is not part of the rule language': (
        '多个取值请写在花括号中，例如 purpose in {"种植", "养殖"}；规则语言中没有下标访问'
    ),
    "only facts, parameters, numbers, quoted text and the operators of rules/README.md": (
        "条件中只能有事实、参数、数字、带引号的文本和 rules/README.md 列出的运算符"
    ),
    "write ASCII punctuation (a Chinese input method writes {shown}): {written}": (
        "请使用半角（ASCII）标点（中文输入法写出的是 {shown}）：{written}"
    ),
    "write a number with digits on both sides of its point, e.g. 1.0 or 0.5": "小数点两边都要有数字，例如 1.0 或 0.5",
    "join tests with and / or": "请用 and 或 or 连接各项判断",
    "write {word} (in lowercase)": "请改为小写的 {word}",
    "write a range as two tests: {term} >= {low} and {term} <= {high} (or < for an end left out)": (
        "区间请写成两个判断：{term} >= {low} and {term} <= {high}（不含端点时用 <）"
    ),
    "unknown fact or parameter {name} in condition {condition}; an empty cell is tested with is missing": (
        "条件 {condition} 中的 {name} 不是已知的事实或参数；空单元格要用 is missing 判断"
    ),
    "write {term} is missing": "请改为 {term} is missing",
    "write {term} is not missing": "请改为 {term} is not missing",
    "write x is missing (or x is not missing)": "请改为 x is missing（或 x is not missing）",
    "write the number alone, {plain}: a threshold takes the unit of the fact it is compared with": (
        "请只写数字 {plain}：阈值的单位就是与它比较的事实的单位"
    ),
    "write the number in decimal digits": "请用十进制数字书写",
    "write the number {written} as digits with at most one point: {whole} followed by {zeros} zeros": (
        "请把 {written} 写成只含数字和至多一个小数点的形式：{whole} 后接 {zeros} 个 0"
    ),
    "write the number {written} as digits with at most one point: {plain}": (
        "请把 {written} 写成只含数字和至多一个小数点的形式：{plain}"
    ),
    "write the number {written} as digits with at most one point, without an exponent": (
        "请把 {written} 写成只含数字和至多一个小数点的形式，不用指数"
    ),
    "write: x is missing / x is not missing, or for a set: risks is empty": (
        "请写 x is missing 或 x is not missing；集合请写 risks is empty"
    ),
    "write a month as YYYY-MM (2022-04) and a date as YYYY-MM-DD (2025-06-30)": (
        "年月请写成 YYYY-MM（2022-04），日期请写成 YYYY-MM-DD（2025-06-30）"
    ),
    "write != for not equal": "不等请写 !=",
    "write a condition after when:": "请在 when: 之后写出条件",
    "split it into several rules, or name parts of it in a conditions: section": (
        "请拆成几条规则，或在 conditions: 部分为其中一部分命名"
    ),
    "simplify it, split it into several rules, or name parts of it in a conditions: section": (
        "请简化它、拆成几条规则，或在 conditions: 部分为其中一部分命名"
    ),
    "write a number with at most {digits} digits before the decimal point and {decimals} after it": (
        "数字的整数部分最多 {digits} 位，小数部分最多 {decimals} 位"
    ),
    "write {first}{second} for the number (no thousands comma), or {first}, {second} for two": (
        "若是一个数，请写 {first}{second}（不要千位逗号）；若是两个数，请写 {first}, {second}"
    ),
    "cannot compare a text value with a number value: {fact} is text, {shown} is a number": (
        "文本值不能与数字比较：{fact} 是文本，{shown} 是数字"
    ),
    'quote the text ({fact} == "…"); its values are {values}; an empty cell is `{fact} is missing`, never 0': (
        '请给文本加引号（{fact} == "…"）；可选值为 {values}；空单元格写 `{fact} is missing`，不要写 0'
    ),
    'quote the text ({fact} == "…"); an empty cell is `{fact} is missing`, never 0': (
        '请给文本加引号（{fact} == "…"）；空单元格写 `{fact} is missing`，不要写 0'
    ),
    "cannot compare a number value with a text value: {fact} is a number, {shown} is text": (
        "数字值不能与文本比较：{fact} 是数字，{shown} 是文本"
    ),
    "write the number without quotes ({written})": "请去掉数字两边的引号（{written}）",
    "compare {fact} with a number": "请把 {fact} 与数字比较",
    "cannot compare a {sort} value with a {sort2} value": "{sort}值不能与{sort2}值比较",
    "write a month as 2022-04 and a date as 2025-06-30": "年月请写成 2022-04，日期请写成 2025-06-30",
    'compare {name} with a quoted text ({name} == "…") or another text fact': (
        '请把 {name} 与加引号的文本（{name} == "…"）或另一个文本事实比较'
    ),
    "compare {name} with another month fact or a month written as 2022-04": (
        "请把 {name} 与另一个年月事实或写成 2022-04 的年月比较"
    ),
    "compare {name} with another date fact or a date written as 2025-06-30": (
        "请把 {name} 与另一个日期事实或写成 2025-06-30 的日期比较"
    ),
    "{value} is not a value of {vocabulary}; did you mean {label} ({code})?": (
        "{value} 不是 {vocabulary} 的取值；是否应为 {label}（{code}）？"
    ),
    "{value} is not a value of {vocabulary}": "{value} 不是 {vocabulary} 的取值",
    'write "{label}"; the values are {values}': '请改为 "{label}"；可选值为 {values}',
    "use one of {values}": "请使用其中之一：{values}",
    "cannot combine {measured} with {measured2}": "{measured}不能与{measured2}相比或相加减",
    "money compares with money, ratios with ratios, months with months, days with days, and an area or distance "
    "with a parameter of its measure (mu, square_metres, km)": (
        "金额只能与金额比较，比率与比率，月数与月数，天数与天数，面积或距离与同一计量单位的参数比较（mu、square_metres、km）"
    ),
    "compare a yes/no fact with true or false": "是/否事实要与 true 或 false 比较",
    "write {fact} for 是 and not {fact} for 否 (an empty cell is {fact} is missing)": (
        "表示“是”请写 {fact}，表示“否”请写 not {fact}（空单元格写 {fact} is missing）"
    ),
    "a yes/no fact is a test by itself": "是/否事实本身就是一个判断",
    "write {fact} or not {fact}": "请写 {fact} 或 not {fact}",
    "text cannot be compared with {op}": "文本不能用 {op} 比较",
    "use == or != or in {…}": "请用 ==、!= 或 in {…}",
    "{value} is not text": "{value} 不是文本",
    'quote text values, e.g. "因病"': '文本值要加引号，例如 "因病"',
    "an empty text is not a value: an empty cell is unknown": "空文本不是一个取值：空单元格表示未知",
    "write `{fact} is missing` (or `{fact} is not missing`) to test for an empty cell": (
        "判断单元格是否为空，请写 `{fact} is missing`（或 `{fact} is not missing`）"
    ),
    "this comparison reads no household fact": "这个比较没有读取农户的任何事实",
    "compare a fact with a parameter or number": "请把一个事实与参数或数字比较",
    "{fact} ({label}) is a member's fact, not the household's": "{fact}（{label}）是家庭成员的事实，不是农户的",
    "read it inside a member condition: any(members, {fact} …), count(members, …)": (
        "请在成员条件中读取它：any(members, {fact} …)、count(members, …)"
    ),
    "money × money has no meaning": "金额乘以金额没有意义",
    "multiply money by a ratio or a count": "请用金额乘以比率或人数",
    "a plain number divided by money has no meaning": "普通数字除以金额没有意义",
    "divide money by money (a ratio) or by a count": "请用金额除以金额（得到比率）或除以人数",
    "this is a {sort} value, not a yes/no test": "这是一个{sort}值，不是是/否判断",
    "compare it (<, >=, ==, in …) or use a yes/no fact": "请对它做比较（<、>=、==、in …），或使用是/否事实",
    # a condition's unknown names: an export column's header, several at once
    "{name} is a column of the national export, not a name rules use; {hint} in condition {condition}": (
        "条件 {condition} 中的 {name} 是全国系统导出表的列名，不是规则使用的名称；{hint}"
    ),
    "{count} unknown names in condition {condition}: {unknowns}": (
        "条件 {condition} 中有 {count} 个未知名称：{unknowns}"
    ),
    "for {fixes}": "{fixes}",
    "rules read it as the member fact {fact} ({label}) inside a member condition, e.g. any(members, {fact2} …)": (
        "规则把它读作成员事实 {fact}（{label}），要写在成员条件之内，例如 any(members, {fact2} …)"
    ),
    "rules read it as the member fact {fact} ({label})": "规则把它读作成员事实 {fact}（{label}）",
    "rules read it as the negation of {fact} ({label})": "规则把它读作 {fact}（{label}）的否定",
    "rules read it as {fact} ({label})": "规则把它读作 {fact}（{label}）",
    "write {fact} inside a member condition, e.g. any(members, {fact2} …)": (
        "请改为 {fact}，写在成员条件之内，例如 any(members, {fact2} …)"
    ),
    "write not {fact}": "请改为 not {fact}",
    "a column of the national export; {hint}": "这是全国系统导出表的列名；{hint}",
    "did you mean the parameter {parameter}?": "是否应为参数 {parameter}？",
    "did you mean {known} ({label})?": "是否应为 {known}（{label}）？",
    "see the fact list in rules/README.md": "事实清单见 rules/README.md",
    # a condition's rarer types: sets, functions, member conditions, named conditions
    "{name} is a set, and a set is never missing: an empty slot adds nothing to it": (
        "{name} 是集合，集合不会是空值（missing）：空着的栏位不会给它添加任何值"
    ),
    "write {name} is empty (or {name} is not empty)": "请写 {name} is empty（或 {name} is not empty）",
    "'is missing' needs a household fact": "'is missing' 需要用在农户的事实上",
    "'in' needs a household fact on its left": "'in' 的左边需要一个农户的事实",
    "{test} tests a set": "{test} 用于判断集合",
    "the sets are {sets}; for one value write x == …": "集合有：{sets}；判断单个取值请写 x == …",
    "{name} ({label}) is a member's measure column": "{name}（{label}）是成员的帮扶措施列",
    'test it inside a member condition: any(members, {name} contains "…")': (
        '请在成员条件中判断：any(members, {name} contains "…")'
    ),
    "{label} is not a measure label": "{label} 不是帮扶措施的名称",
    'quote the label, e.g. "低保"': '请给措施名称加引号，例如 "低保"',
    'quote a value, e.g. "因病"': '请给取值加引号，例如 "因病"',
    "{function}() tests a text fact": "{function}() 用于判断文本事实",
    "{function}() takes quoted, non-empty text": "{function}() 需要带引号的非空文本",
    "{shape} is not a shape matches() knows": "{shape} 不是 matches() 认识的格式",
    "{kind}(members, …) inside a member condition": "成员条件之内又出现了 {kind}(members, …)",
    "quantify over members once": "对成员只需量化一次",
    "the named condition {name} quantifies over members (any, all, count), inside a member condition": (
        "命名条件 {name} 对成员做了量化（any、all、count），不能用在成员条件之内"
    ),
    "{constant} cannot be a value of this {sort} fact": "{constant} 不可能是这个{sort}事实的取值",
    "compare it with <, >=, == …: write a month as 2022-04 and a date as 2025-06-30": (
        "请用 <、>=、== … 比较：年月写成 2022-04，日期写成 2025-06-30"
    ),
    "{kind}(members, …) is a yes/no test, not a value": "{kind}(members, …) 是是/否判断，不是数值",
    "use count(members, …)": "请用 count(members, …)",
    "a test (comparison, and/or) cannot be used as a value": "判断（比较、and/or）不能当作数值使用",
    "{name} is read over the members": "{name} 要按成员读取",
    "write count(members) for the number of members, and age inside any(members, age >= …)": (
        "成员人数请写 count(members)，年龄请写在 any(members, age >= …) 之内"
    ),
    "{name} is a named condition (a yes/no test), not a value": "{name} 是命名条件（是/否判断），不是数值",
    "{name} is a set, not a value": "{name} 是集合，不是数值",
    'test it: {name} contains "…", {name} is empty': '请这样判断：{name} contains "…"、{name} is empty',
    "length() counts the characters of a text fact": "length() 计算文本事实的字符数",
    "months_between() takes two month facts": "months_between() 需要两个年月事实",
    "age_on() reads a member's birth date": "age_on() 读取成员的出生日期",
    "use it inside any(members, …)": "请在 any(members, …) 之内使用",
    "age_on() takes a date": "age_on() 需要一个日期",
    "write the date as YYYY-MM-DD: {example}": "日期请写成 YYYY-MM-DD：{example}",
    "{function}() takes a {sort} fact": "{function}() 需要一个{sort}事实",
    "{function}() mixes money and plain numbers": "{function}() 混用了金额和普通数字",
    "give {function}() money only: {example}": "{function}() 中请只用金额：{example}",
    "{function}() mixes {measured} and {measured2}": "{function}() 混用了{measured}和{measured2}",
    "give {function}() values of one measure": "{function}() 中的值请使用同一计量单位",
    "a {sort} value cannot be used in arithmetic": "{sort}值不能参与算术运算",
    "a {sort} value cannot be used in {function}()": "{sort}值不能用在 {function}() 中",
    "compare months with each other (identified_month >= 2024-01), or count with months_since(…) / months_between(…)": (
        "年月只能相互比较（identified_month >= 2024-01），或用 months_since(…) / months_between(…) 计算月数"
    ),
    "compare dates with each other (loan_due <= 2025-12-31), or count with days_until(…)": (
        "日期只能相互比较（loan_due <= 2025-12-31），或用 days_until(…) 计算天数"
    ),
    "compare text with == or in {…}; write numbers without quotes": "文本请用 == 或 in {…} 比较；数字不要加引号",
    "use a number, money or count here": "此处请使用数字、金额或人数",
    "{function}() is a yes/no test, not a value": "{function}() 是是/否判断，不是数值",
    "use it as a test by itself": "请把它单独作为一个判断使用",
    "named condition {name} refers to itself ({chain})": "命名条件 {name} 引用了自身（{chain}）",
    "named conditions refer to one another more than {count} deep ({chain} → …)": (
        "命名条件相互引用超过 {count} 层（{chain} → …）"
    ),
    "named condition {name} starts a chain of {count} named conditions referring to one another, more than {most}": (
        "命名条件 {name} 开始了一条由 {count} 个相互引用的命名条件组成的链，超过了 {most}"
    ),
    "write some of them out, so that a chain of named conditions is at most {count} long": (
        "请把其中一些直接写出来，使命名条件的链最长为 {count}"
    ),
    "the condition nests too deeply to be checked (with the named conditions it uses)": (
        "条件（连同它用到的命名条件）嵌套太深，无法检查"
    ),
    "simplify it, or write out some of the named conditions it uses": "请简化它，或把它用到的一些命名条件直接写出来",
    "e.g. {example}": "例如 {example}",
    # --- errors the command could print only in English (tests/test_messages.py drives each) ----------------
    # a rules folder of several errors, as one text (each error in turn: see :func:`_error_text_zh`)
    "{count} errors in the rule files; the first: {first_error}": "规则文件中有 {count} 处错误，第一处：{first_error}",
    "fix each error listed (fanpin check lists them all)": "请逐一改正列出的每处错误（fanpin check 会把它们全部列出）",
    # fanpin report on a JSON Lines file
    "the key {key} is given twice in the household's object: one would be ignored": (
        "户的对象中键 {key} 出现了两次：其中一个会被忽略"
    ),
    "keep one of the two": "请只保留其中一个",
    "the household's object has no key {keys}: not a household fanpin score wrote": (
        "户的对象中没有键 {keys}：不是 fanpin score 写出的户"
    ),
    "give the file fanpin score wrote, unchanged (it writes every key on every line)": (
        "请给出 fanpin score 写出的原文件，不要改动（它在每一行都写出每个键）"
    ),
    # a worker process gone (fanpin.pipeline.workers)
    "a worker process stopped before its chunk was scored (killed, out of memory, or it could not start); nothing "
    "was written": "有一个工作进程在它那一块数据评分完成前停止了（被终止、内存不足或无法启动）；没有写出任何文件",
    "score the file again; with --workers 1 it uses one process": "请重新评分；用 --workers 1 时只使用一个进程",
    # a rule too large for the engines
    "rule {rule} expands to more than {count} alternatives for the engine": (
        "规则 {rule} 展开后超过 {count} 种情形，引擎无法处理"
    ),
    "member condition {condition} expands to more than {count} alternatives for the engine": (
        "成员条件 {condition} 展开后超过 {count} 种情形，引擎无法处理"
    ),
    "split it into simpler rules or named conditions with fewer nested 'or'": (
        "请把它拆成几条较简单的规则，或拆成嵌套 'or' 较少的命名条件"
    ),
    "rule {rule}'s condition holds {count} tests (its named conditions written out), more than {most}": (
        "规则 {rule} 的条件（其中的命名条件展开后）含有 {count} 个判断，超过了上限 {most} 个"
    ),
    "split it into several rules, each with a part of the tests": "请把它拆成几条规则，每条只含一部分判断",
    "rule {rule}'s condition has more than {count} ways to be true once its 'or's are multiplied out through its "
    "'and's ((a or b or c) and (d or e or f) is 9 ways), each value of a set test (x in {…}) being one way": (
        "规则 {rule} 的条件把各个 'or' 按 'and' 展开后，成立的情形超过 {count} 种（(a or b or c) and "
        "(d or e or f) 是 9 种），集合判断（x in {…}）的每个值各算一种"
    ),
    "rule {rule}'s member condition has more than {count} ways to be true once its 'or's are multiplied out "
    "through its 'and's ((a or b or c) and (d or e or f) is 9 ways), each value of a set test (x in {…}) being "
    "one way": (
        "规则 {rule} 的成员条件把各个 'or' 按 'and' 展开后，成立的情形超过 {count} 种（(a or b or c) and "
        "(d or e or f) 是 9 种），集合判断（x in {…}）的每个值各算一种"
    ),
    "split it into several rules, each with a part of the alternatives (or of the set's values)": (
        "请把它拆成几条规则，每条只含一部分情形（或集合的一部分值）"
    ),
    "rule {rule}'s condition nests more than {count} levels deep once its named conditions are written out": (
        "规则 {rule} 的条件在其中的命名条件展开后嵌套超过 {count} 层"
    ),
    "rule {rule} is written in this rules folder and switched off by its disable list ({where})": (
        "规则 {rule} 在这个规则文件夹中既有写出，又被本文件夹的 disable 列表关闭（{where}）"
    ),
    "to use your version of {rule}, take it out of disable: writing it replaces the earlier one; to switch it off, "
    "delete your version": (
        "要使用您写的 {rule}，请把它从 disable 中去掉：写出它就会替换先前的版本；要关闭它，请删除您写的版本"
    ),
    # a rule file's YAML
    "an alias (*name) may stand for a single value only, not for a mapping or a list": (
        "别名（*锚点名）只能代表单个值，不能代表映射或列表"
    ),
    "write the mapping or list out where it is used": "请在用到它的地方把映射或列表完整写出",
    "the file nests more than {count} levels deep": "文件嵌套超过 {count} 层",
    "a mapping key must be a plain value": "映射的键必须是单个普通值，不能是列表或映射",
    "cannot read the file: {read_error}": "无法读取文件：{read_error}",
    "check the file": "请检查该文件",
    "and {count} more layout mistakes from this line on": "从这一行起还有 {count} 处格式错误",
    "and {count} more keys written twice from this line on": "从这一行起还有 {count} 处重复写出的键",
    "mend the ones listed and run fanpin check again": "请改正列出的这些错误，再运行一次 fanpin check",
    # an input file
    "save the export again from Excel (as .xlsx or CSV UTF-8)": (
        "请从 Excel 重新另存导出文件（存为 .xlsx 或 CSV UTF-8）"
    ),
    "column {position} is named {name}: names starting with __ are fanpin's own": (
        "第 {position} 列名为 {name}：以 __ 开头的列名是 fanpin 内部使用的"
    ),
    "rename the column": "请给该列改名",
    # fanpin check: a monitoring line of 0 or less (check.py's band findings)
    "the monitoring line is {value} for region national on {day}: the near-line and above-line bands are empty, "
    "and only a negative income is below the line": (
        "全国的监测范围在 {day} 为 {value}：“接近监测范围”和“高于监测范围”两个收入区间都是空的，"
        "只有负收入才会低于监测范围"
    ),
    "the monitoring line is {value} for region {region} on {day}: the near-line and above-line bands are empty, and "
    "only a negative income is below the line": (
        "地区 {region} 的监测范围在 {day} 为 {value}：“接近监测范围”和“高于监测范围”两个收入区间都是空的，"
        "只有负收入才会低于监测范围"
    ),
    "write the line in 元 per person per year (value: 8700); a value of 0 is no line": (
        "请按每人每年多少元填写监测范围（value: 8700）；0 不是监测范围"
    ),
    # a case's facts holding its members (lint's case_fact_problems)
    "rule {rule}, case {case}: {name} is not a fact: a case's members are listed beside its facts": (
        "规则 {rule} 的用例 {case}：{name} 不是事实：用例的成员与事实并列，单独列出"
    ),
    'move the list to the case\'s own members: key, beside facts: (rules/README.md, "Members")': (
        "请把这个列表移到用例自己的 members: 键下，与事实并列（见 rules/README.md 中关于成员的说明）"
    ),
    # a note of a run: the file changed while it was read (fanpin.io.chunks)
    "the file changed since its first reading": "文件在第一次读取之后发生了改动",
    # an input the system cannot read (InputFileError.unreadable: the system's words, lower case)
    "cannot read the input: {read_error}": "无法读取输入文件：{read_error}",
    "check that the file can be opened, then run again": "请确认该文件能够打开，然后重新运行",
    # fanpin check's warnings of the suggested category (rulebook.lint's classification findings)
    "{missed} flags a household for which a category would be suggested (category_due), but the suggested category "
    "is made from rules this rulebook does not have ({gone}): households those rules would have fired for are flagged "
    "{missed} with no category suggested": (
        "{missed} 会标记应当建议监测对象类别的农户（category_due），但建议类别所依据的规则在这个规则集中没有"
        "（{gone}）：这些规则本会触发的农户会被标为 {missed}，却没有建议类别"
    ),
    "disable {missed} as well, or keep {gone} (a county may write its own version of a rule under the same id "
    "instead of disabling it)": (
        "请把 {missed} 也写进 disable，或保留 {gone}（县里可以用同一个 id 写自己的版本，而不必关闭它）"
    ),
    "rule {rule} makes the suggested category (rules/README.md, Classification), but {missed} does not read its "
    "condition (category_due reads the named condition {named}): a household it fires for gets 突发严重困难户 "
    "suggested and is not flagged {missed}": (
        "规则 {rule} 决定建议的监测对象类别（见 rules/README.md 中关于类别的说明），但 {missed} 不读取它的条件"
        "（category_due 读取的是命名条件 {named}）：它触发的农户会被建议为突发严重困难户，却不会被标为 {missed}"
    ),
    "rule {rule} makes the suggested category (rules/README.md, Classification), but {missed} does not read its "
    "condition (category_due reads the named condition {named}): a household it fires for with a shock gets "
    "突发严重困难户 suggested and is not flagged {missed}": (
        "规则 {rule} 决定建议的监测对象类别（见 rules/README.md 中关于类别的说明），但 {missed} 不读取它的条件"
        "（category_due 读取的是命名条件 {named}）：它触发的、又遇到突发变故的农户会被建议为突发严重困难户，"
        "却不会被标为 {missed}"
    ),
    "rule {rule} makes the suggested category (rules/README.md, Classification), but {missed} does not read its "
    "condition (category_due reads the named condition {named}): a household it fires for with a guarantee problem "
    "gets 突发严重困难户 suggested and is not flagged {missed}": (
        "规则 {rule} 决定建议的监测对象类别（见 rules/README.md 中关于类别的说明），但 {missed} 不读取它的条件"
        "（category_due 读取的是命名条件 {named}）：它触发的、又有保障问题的农户会被建议为突发严重困难户，"
        "却不会被标为 {missed}"
    ),
    "add its condition to the named condition guarantee_problem, written again in a conditions: section of your "
    "folder (housing_unsafe or … or <its condition>), or give the rule an id outside guarantee. if it is no "
    "guarantee problem": (
        "请在您文件夹的 conditions: 部分重新写出命名条件 guarantee_problem，把它的条件加进去"
        "（housing_unsafe or … or <它的条件>）；如果它不是保障问题，请给这条规则一个不以 guarantee. 开头的 id"
    ),
    "write your condition as the named condition {named}, in a conditions: section of your folder, and let the rule "
    "read it (when: {named})": (
        "请在您文件夹的 conditions: 部分把您的条件写成命名条件 {named}，并让规则读取它（when: {named}）"
    ),
    "add a case with expect: not_evaluable that leaves a value unknown (facts a case does not list are unknown)": (
        "请加一个 expect: not_evaluable 的用例，让某个值未知（用例没有列出的事实都是未知的）"
    ),
    # the most general last: a template is tried in this order, and these would take a more particular one's
    "write {name}": "请改为 {name}",
    "did you mean {name}?": "是否应为 {name}？",
    # A date written day or month first (30/6/2025), told the reason an input cell so written is given (its
    # Chinese that of the errors file, :func:`~fanpin.results.reasons.reason_text`): a rule file's, where its
    # field is named (from: 30/6/2025), then --as-of's. Last: any other "… is …" a template has.
    "{field}: {given} is {reason}": "{field}：{given} {reason}",
    "{value} is {reason}": "{value} {reason}",
    "see rules/README.md for the layout of a rules file": "请按 rules/README.md 所述的规则文件格式填写",
}

#: Names in :data:`CATALOG`'s templates whose text is translated in turn (a message inside a message).
NESTED = frozenset({"fix", "why", "reason", "value", "value2", "region", "oserror", "listed", "problem", "absent"})
#: ... and the measures and kinds of a condition's values (:data:`_MEASURES_ZH`).
NESTED |= {"measured", "measured2", "sort", "sort2"}
#: ... and why YAML's value cannot be held (a date no calendar has: Python's words).
NESTED |= {"cause"}
_CAUSES_ZH = {
    "a number of thousands of digits": "数字有数千位",
    "month must be in 1..12": "月份应在 1 到 12 之间",
    "day is out of range for month": "日期超出了该月的天数",
    "year 0 is out of range": "年份不能为 0",
}
#: ... and the parts of fanpin report's refusal of a 户编号 that repeats: the households it names, the
#: evaluation dates, what a household would be counted once per.
NESTED |= {"repeats", "examples", "dates", "per"}
# a condition's token where a parse stopped: quoted as written, or its end
NESTED |= {"found"}
#: ... and the unknown names of a condition, each with what is said of it, and their fixes
NESTED |= {"hint", "unknowns", "fixes"}
#: ... and what left a case's rule unknown (``fanpin check``): each test's fact or threshold
NESTED |= {"unknowns_given"}
NESTED |= {"decided"}  # the tests that decided a failed case: a < t is false; b is true
#: ... and the script of a letter that looks like a Latin one
NESTED |= {"script"}
#: ... and a parameter, as :meth:`~fanpin.model.parameters.ParameterSpec.named` names it in English
NESTED |= {"parameter"}
#: ... and an output a run's line names: standard output by that name (``--out -``), a file by its path
NESTED |= {"out", "errors_out", "findings_out"}
#: ... and a parameter's values, each region's span (:meth:`~fanpin.model.parameters.ParameterSpec.missing_fix`)
NESTED |= {"spans"}
#: ... and what the system says of a file it cannot read (a rule file; an input: its words in lower case,
#: :meth:`~fanpin.errors.InputFileError.unreadable`)
NESTED |= {"read_error"}
_READ_ERRORS_ZH = {
    "permission denied": "没有读取权限",
    "no such file or directory": "文件不存在",
    "is a directory": "这是一个文件夹，不是文件",
    "input/output error": "输入/输出错误（磁盘、网络共享或设备没有读出数据）",
    "no such device or address": "没有这样的设备或地址",
    "no such device": "没有这样的设备",
    "operation not permitted": "不允许此操作",
    "too many open files": "打开的文件过多",
    "file name too long": "文件名过长",
    "device or resource busy": "设备或资源正忙",
    "resource temporarily unavailable": "资源暂时不可用",
    "stale file handle": "文件句柄已失效（网络共享上的文件已被移走或替换）",
    "host is down": "主机已关闭（网络共享不可用）",
    "connection timed out": "连接超时（网络共享不可用）",
    "too many levels of symbolic links": "符号链接层级过多",
}
#: ... and the first error of several (a :class:`~fanpin.errors.RulebookLoadError`'s message), as its ``str``
NESTED |= {"first_error"}
_ERROR_TEXT = re.compile(r"(?P<head>.*) \[(?P<code>[a-z][a-z-]*)\](?: Fix: (?P<fix>.*))?", re.DOTALL)
_SPAN = re.compile(r"(\(national\)|[0-9]+) from ([0-9-]+)(?: until ([0-9-]+))?")
_SCRIPTS_ZH = {"Cyrillic": "西里尔", "Greek": "希腊"}
_UNKNOWN_TEST = re.compile(
    r"(?:^|; )(?:(?P<fact>.+?) is unknown: (?:(?P<empty>given empty)|(?P<novalue>it has no value for the values "
    r"given \(a division by 0, or a result too large for the engines\))|not given; a case gives the rule's facts: "
    r"give (?P<give>.+?)|(?P<nomembers>the members are not given; list them under members: \(members: \[\] for "
    r"none\))|not given; a case's member is written as the export's cells: give (?P<cells>.+?) in its members)"
    r"|(?P<threshold>.+?) has no value for the case's region and date)(?=; |$)"
)
#: One unknown name of several (``'wage_incme': did you mean …?``), or its line too when they are on several.
_UNKNOWN = re.compile(r"(?:^|; )('[^']*'(?: \(line ([0-9]+)\))?): ")
_PER_ZH = {"date": "评估日期", "copy": "副本", "row": "行"}
#: A household a message names, and where (``5323********0000 on lines 2 and 8``: :func:`fanpin.report`'s).
_PLACED = re.compile(r"(\S+) on (lines|rows) ((?:[0-9]+, )*[0-9]+(?: and [0-9]+| …)?)")

#: The measures a condition's values have, as :func:`fanpin.lang.units.measure_name` and the type checker
#: name them, in Chinese.
_MEASURES_ZH = {
    "money": "金额",
    "a count": "人数或个数",
    "a ratio": "比率",
    "months": "月数",
    "days": "天数",
    "years (an age)": "年数（年龄）",
    "an area in 亩": "以亩计的面积",
    "an area in square metres": "以平方米计的面积",
    "a distance in km": "以公里计的距离",
    "an area or distance": "面积或距离",
    "a number": "数字",
    "number": "数字",
    "yes/no": "是/否",
    "text": "文本",
    "month": "年月",
    "date": "日期",
}

#: The words a rule file's key may take, as pydantic lists them (``'fires', 'silent' or 'not_evaluable'``).
_CHOICES = re.compile(r"^'[^']*'(?:, '[^']*')*(?: or '[^']*')?$")

#: What the operating system says of a file it cannot write (``strerror``), in Chinese.
_OS_ERRORS_ZH = {
    "No such file or directory": "路径不存在",
    "Permission denied": "没有写入权限",
    "No space left on device": "磁盘空间已满",
    "Read-only file system": "文件系统只读",
    "Disk quota exceeded": "磁盘配额已用完",
    "File too large": "文件过大",
    "Input/output error": "输入/输出错误（磁盘或设备没有接受写入）",
    "Is a directory": "这是一个文件夹",
    "Operation not permitted": "不允许此操作（文件或文件夹被锁定或设为不可更改）",
    "No such device or address": "没有这样的设备或地址（套接字或设备不能按路径重新打开）",
    "Not a directory": "路径中有一段不是文件夹",
    "File name too long": "文件名过长",
    "Too many open files": "打开的文件过多",
    "Device or resource busy": "设备或资源正忙",
    "Text file busy": "文件正被使用",
}


#: The most general templates, whose part is one word (a name, an id): ``write labor_count``. Any text there
#: (``write a whole number of days from 1 to 366``) was half translated (请改为 a whole number of days …).
_ONE_WORD = frozenset({"write {name}", "did you mean {name}?"})


#: What a part of these kinds holds, so that a file's name holding the words around it (``数据 (copy).csv (utf-8)``)
#: is read whole: ``.*?`` had taken ``数据`` for the file and ``copy).csv (utf-8`` for its encoding.
_PART_PATTERNS = {"encoding": r"[\w-]+", "version": r"[0-9a-f]+"}


def _compiled(template: str) -> re.Pattern[str]:
    """A template as a pattern: each ``{name}`` a group (its second use the same text as its first; one word
    in the templates of :data:`_ONE_WORD`)."""
    word = template in _ONE_WORD
    seen: set[str] = set()
    parts = re.split(r"\{(\w+)\}", template)
    pattern = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern.append(re.escape(part))
        elif part in seen:
            pattern.append(f"(?P={part})")
        else:
            seen.add(part)
            held = _PART_PATTERNS.get(part, r"\S+" if word else ".*?")
            pattern.append(f"(?P<{part}>{held})")
    return re.compile("^" + "".join(pattern) + "$", re.DOTALL)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The templates with a ``{name}`` in them, as patterns (the others are looked up as they are): made at
    the first message told in Chinese, not at import (their six hundred patterns took 40 ms of every start
    of the command, most of whose runs tell nothing in Chinese)."""
    return [(_compiled(english), zh) for english, zh in CATALOG.items() if "{" in english]


def _nested(name: str, text: str) -> str | None:
    """A part of a message in Chinese (see :data:`NESTED`), or None when it has no translation."""
    if name in ("value", "value2"):
        return "（空）" if text == "(empty)" else text
    if name == "region":
        return "全国" if text == "(national)" else text
    if name == "oserror":
        return _OS_ERRORS_ZH.get(text)
    if name == "absent":  # the facts a case leaves out, the members among them as the lint names them
        return text.replace("the members (no members: list)", "成员（不写 members:）")
    if name == "cause":
        return _CAUSES_ZH.get(text)
    if name == "per":
        return _PER_ZH.get(text)
    if name == "unknowns":  # 'a': hint; 'b' (line 3): hint
        pieces = _UNKNOWN.split(text)
        if pieces[0] or len(pieces) < 4:
            return None
        unknowns: list[str] = []
        for quoted, line, hint in zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True):
            zh = chinese(hint)
            if zh is None:
                return None
            where = quoted if line is None else f"{quoted.partition(' ')[0]}（第 {line} 行）"
            unknowns.append(f"{where}：{zh}")
        return "；".join(unknowns)
    if name == "fixes":  # (for) a, fix; for b, fix: the first "for" is the template's
        fixes = re.split(r"(?:^|; for )([^,;]+), ", text)
        if fixes[0] or len(fixes) < 3:
            return None
        told = [(n, chinese(f)) for n, f in zip(fixes[1::2], fixes[2::2], strict=True)]
        return None if any(f is None for _, f in told) else "；".join(f"{n} {f}" for n, f in told)
    if name == "decided":  # a 5000 < t 5000 is false; b is true
        decided = text.split("; ")
        if not all(t.endswith((" is true", " is false")) for t in decided):
            return None
        return "；".join(
            t.removesuffix(" is true") + " 成立" if t.endswith(" is true") else t.removesuffix(" is false") + " 不成立"
            for t in decided
        )
    if name == "unknowns_given":  # a is unknown: given empty; t has no value for the case's region and date
        tests = list(_UNKNOWN_TEST.finditer(text))
        if "".join(m[0] for m in tests) != text:
            return None
        return "；".join(
            f"{m['threshold']} 在用例的地区和日期没有取值"
            if m["threshold"]
            else f"{m['fact']} 未知：用例给了空值"
            if m["empty"]
            else f"{m['fact']} 未知：按用例给出的值无法算出（除以 0，或结果超出引擎能表示的范围）"
            if m["novalue"]
            else f"{m['fact']} 未知：用例没有给出成员；请在 members: 下列出成员（没有成员写 members: []）"
            if m["nomembers"]
            else f"{m['fact']} 未知：用例没有给出；用例的成员按导出表的单元格填写：请在成员中给出 {m['cells']}"
            if m["cells"]
            else f"{m['fact']} 未知：用例没有给出；用例给的是规则读取的事实：请给出 {m['give']}"
            for m in tests
        )
    if name == "script":
        return _SCRIPTS_ZH.get(text)
    if name == "parameter":
        return _parameter_zh(text)
    if name in ("out", "errors_out", "findings_out"):
        return _output_zh(text)
    if name == "spans":  # 53 from 2024-01-01 until 2025-01-01; (national) from 2021-01-01; and 3 more
        spans, _, more = text.partition("; and ")
        each = [_SPAN.fullmatch(span) for span in spans.split("; ")]
        if any(m is None for m in each) or (more and not re.fullmatch(r"[0-9]+ more", more)):
            return None
        each_zh = [
            f"{'全国' if m[1] == '(national)' else m[1]} 自 {m[2]} 起" + (f"至 {m[3]}" if m[3] else "")
            for m in each
            if m is not None
        ]
        return "；".join(each_zh) + (f"；另有 {more.split()[0]} 个" if more else "")
    if name == "read_error":
        return _READ_ERRORS_ZH.get(text.lower())  # the system's strerror, or InputFileError's lower case
    if name == "first_error":
        return _error_text_zh(text)
    if name == "found":
        return "条件结尾" if text == "the end of the condition" else f" {text}"
    if name == "dates":
        return (
            re.sub(r", | and ", "、", text) if re.fullmatch(r"[0-9-]+(?:(?:, | and )[0-9-]+)*(?: …)?", text) else None
        )
    if name == "examples":
        said = _PLACED.sub(
            lambda m: f"{m[1]}（第 {re.sub(r', | and ', '、', m[3])} {'行' if m[2] == 'lines' else '户'}）", text
        )
        said = said.replace("）, ", "）；")
        return None if _PLACED.search(said) or re.search(r"[A-Za-z]{2}", re.sub(r"\S+（", "", said)) else said
    if name == "repeats":
        return chinese(text)
    if name in ("measured", "measured2", "sort", "sort2"):
        return _MEASURES_ZH.get(text)
    if name == "listed":  # 'a', 'b' or 'c' → 'a'、'b' 或 'c' 之一
        if not _CHOICES.match(text):
            return None
        words = re.findall(r"'[^']*'", text)
        return words[0] if len(words) == 1 else "、".join(words[:-1]) + f" 或 {words[-1]} 之一"
    if name == "reason":
        zh = reason_text(text, "zh")
        return None if zh == f"该值不符合要求（{text}）" else zh  # reason_text's words around a reason it lacks
    return chinese(text)


def _error_text_zh(text: str) -> str | None:
    """An error as its ``str`` writes it (``county/a.yaml:3: <message> [code] Fix: <fix>``) in Chinese, as
    :func:`error_message` words one, or None. Its place is what stands before the first ``: `` when that is a
    file's name (and line); a message without one is taken whole."""
    parts = _ERROR_TEXT.fullmatch(text)
    if parts is None:
        return None
    where, _, what = parts["head"].partition(": ")
    if not (what and _PLACE.fullmatch(where)):
        where, what = "", parts["head"]
    return _error_zh(_output_zh(where), what, parts["fix"] or "", parts["code"])


#: A file's name and its line as an error's place writes them (:class:`~fanpin.errors.Location`).
_PLACE = re.compile(r".*\.[A-Za-z0-9]+(?::[0-9]+)?|standard output")


def _output_zh(text: str) -> str:
    """An output as a Chinese message names it: standard output (:func:`~fanpin.errors.output_name`) as
    标准输出, a file by its path."""
    return "标准输出" if text == output_name(STANDARD_OUTPUT) else text


def _parameter_zh(text: str) -> str | None:
    """A parameter an English message names (``dibao_line (rural minimum living standard (dibao))``, or its
    identifier alone) as a Chinese one does: ``dibao_line（农村低保标准）``, by the label its parameter file
    gives (:data:`~fanpin.model.parameters.PARAMETER_LABELS`: the rulebook the message is about is loaded in
    this process). None for a parameter no rulebook has, or whose English label is not the one given: the
    message is then printed in English, rather than naming the parameter in English inside Chinese."""
    name, _, rest = text.partition(" ")
    labels = PARAMETER_LABELS.get(name)
    if labels is None or rest != (f"({labels[1]})" if labels[1] else ""):
        # its identifier alone (a county's file that gives it no English label) is no English inside Chinese
        return name if not rest and re.fullmatch(r"[a-z][a-z0-9_]*", name) else None
    return f"{name}（{labels[0]}）"


@lru_cache(maxsize=1024)
def chinese(text: str) -> str | None:
    """``text`` (a message, or a part of one) in Chinese, or None when no template of :data:`CATALOG` has it
    whole."""
    if not text:
        return ""
    if "{" not in text and text in CATALOG:
        return CATALOG[text]
    for pattern, zh in _patterns():
        match = pattern.match(text)
        if match is None:
            continue
        parts = {name: (_nested(name, value) if name in NESTED else value) for name, value in match.groupdict().items()}
        for name in ("columns", "parameters"):  # a list of columns or parameters: Chinese text lists with 、
            listed = parts.get(name)  # (户编号、户类型; household=、as_of=), not a comma
            if listed:
                parts[name] = listed.replace(", ", "、")
        if all(value is not None for value in parts.values()):
            return _filled(zh, {name: str(value) for name, value in parts.items()})
    return None


#: A did-you-mean whose name was put in with its label in ASCII brackets (``labor_count (劳动力人数)``, as the English
#: message writes it): the brackets of Chinese text are full-width (``是否应为 labor_count（劳动力人数）？``).
_MEANT_ASCII = re.compile(r"(是否应为[^？\n]*?) \(([^()？\n]*)\)？")


#: A name put in with its Chinese label in ASCII brackets, as the English message writes it (fanpin check's
#: ``labor_count (劳动力人数) is a whole number``), and the space after it before Chinese text: the brackets of
#: Chinese text are full-width (``labor_count（劳动力人数）是整数``). A label holds no quote or ASCII bracket (a
#: condition's ``in ("脱贫户")`` is code); what stands in backticks is code, kept as written (:func:`_filled`).
_LABELLED_ASCII = re.compile(
    r"(?<![\w.])([A-Za-z_][\w.]*) \(([^()\"'`\n]*[\u4e00-\u9fff][^()\"'`\n]*)\)(?: (?=[\u4e00-\u9fff]))?"
)


#: A Chinese word followed by a name in ASCII brackets, as the English message writes a vocabulary's value with its
#: English name (fanpin check's ``the values are 脱贫户 (formerly_poor)、一般农户 (ordinary)``) or a column with its
#: name (``户编号 (household_id) 重复``), and the space after it before Chinese text: in Chinese text,
#: ``脱贫户（formerly_poor）``, ``户编号（household_id）重复``.
_NAMED_ASCII = re.compile(r"(?<=[\u4e00-\u9fff]) \(([A-Za-z_][\w.]*)\)(?: (?=[\u4e00-\u9fff]))?")


def _full_width_labels(text: str) -> str:
    """``text`` with each :data:`_LABELLED_ASCII` label and :data:`_NAMED_ASCII` name in full-width brackets, outside
    backticks."""
    pieces = re.split(r"(`[^`\n]*`)", text)
    return "".join(
        p if i % 2 else _NAMED_ASCII.sub(r"（\1）", _LABELLED_ASCII.sub(r"\1（\2）", p)) for i, p in enumerate(pieces)
    )


#: The parts of a message that name a file or a folder as the user wrote it (``数据 (1).csv``, as a browser names a
#: second download): put in after the brackets of the Chinese text are made full-width, which had changed the name
#: shown (``数据（1).csv``).
_PATH_PARTS = frozenset(
    {"input", "scored", "out", "errors_out", "findings_out", "file", "folder", "path", "path2", "target", "part"}
)


def _filled(template: str, parts: Mapping[str, str]) -> str:
    """A Chinese template with its ``{name}`` parts put in (a did-you-mean's label in full-width brackets,
    :data:`_MEANT_ASCII`, and a fact's label after its name, :data:`_LABELLED_ASCII`), a file's or a folder's name
    as it is (:data:`_PATH_PARTS`)."""
    held = {name: f"\x00{i}\x00" for i, name in enumerate(parts) if name in _PATH_PARTS}  # no path holds NUL
    filled = _MEANT_ASCII.sub(r"\1（\2）？", re.sub(r"\{(\w+)\}", lambda m: held.get(m[1], parts[m[1]]), template))
    filled = _full_width_labels(filled)
    for name, token in held.items():
        filled = filled.replace(token, parts[name])
    return filled


def message(kind: str, text: str, lang: MessageLang) -> str:
    """The line ``fanpin: <kind>: <text>`` (``kind`` empty: ``fanpin: <text>``) in ``lang``: in Chinese when
    the whole of ``text`` has a translation, else in English as it is."""
    zh = chinese(text) if lang == "zh" else None
    if zh is not None:
        return chinese_line(kind, zh)
    return f"fanpin: {kind}: {text}" if kind else f"fanpin: {text}"


def chinese_line(kind: str, zh: str) -> str:
    """The line ``fanpin: <kind>：<zh>`` of a message already in Chinese (:func:`message`'s)."""
    return f"fanpin: {_KINDS_ZH[kind]}{zh}"


def error_message(error: FanpinError, lang: MessageLang) -> str:
    """The line an error the command stops at is printed as: ``fanpin: error: <the error>`` in English;
    in Chinese ``fanpin: 错误：<where>：<what>；<fix> [<code>]`` when its message and fix both have a
    translation (each error of a :class:`~fanpin.errors.RulebookLoadError` too), else in English. An error worded
    for a host's call (``as_of=`` where the command says ``--as-of``: :mod:`fanpin._host`) is translated so too
    (:func:`~fanpin._host.host_chinese`), where a host calling this had been given its host's words in English."""
    english = f"fanpin: error: {error}"
    if lang != "zh":
        return english
    if isinstance(error, RulebookLoadError):
        each = [_error(e, host_chinese) for e in error.errors]
        if any(e is None for e in each):
            return english
        return f"fanpin: 错误：规则文件中有 {len(each)} 处错误：\n" + "\n".join(f"  {e}" for e in each)
    zh = _error(error, host_chinese)
    return english if zh is None else f"fanpin: 错误：{zh}"


def finding_message(english: str, where: str, severity: str, what: str, fix: str, code: str, lang: MessageLang) -> str:
    """A finding of ``fanpin check`` (``english``: as it prints it in English) in ``lang``: in Chinese
    ``<where>: 警告：<what>；<fix> [<code>]`` when its message and its fix both have a translation, else in
    English as it is."""
    if lang != "zh":
        return english
    what_zh, fix_zh = chinese(what), chinese(fix)
    if what_zh is None or fix_zh is None:
        return english
    kind = {"error": "错误", "warning": "警告"}.get(severity)
    if kind is None:
        return english
    joined = "" if not fix_zh or what_zh.endswith(("？", "。")) else "；"  # 是否应为 X？请改为 X
    return (f"{where}: " if where else "") + f"{kind}：{what_zh}{joined}{fix_zh}" + (f" [{code}]" if code else "")


def stop_message(what: str, code: str, fix: str, lang: MessageLang) -> str:
    """The line of an error the command itself finds (no :class:`~fanpin.errors.FanpinError` made), as
    :func:`error_message` prints one: ``fanpin: error: <what> [<code>] Fix: <fix>``, or in Chinese."""
    zh = _error_zh("", what, fix, code) if lang == "zh" else None
    return f"fanpin: error: {what} [{code}] Fix: {fix}" if zh is None else f"fanpin: 错误：{zh}"


def _error_zh(
    where: str, what: str, fix: str, code: str, translated: Callable[[str], str | None] = chinese
) -> str | None:
    """An error as ``<where>：<what>；<fix> [<code>]`` in Chinese, or None when a part has no translation."""
    what_zh, fix_zh = translated(what), translated(fix)
    if what_zh is None or fix_zh is None:
        return None
    joined = "" if not fix_zh or what_zh.endswith(("？", "。")) else "；"  # 是否应为 X？请改为 X
    return (f"{where}：" if where else "") + what_zh + joined + fix_zh + f" [{code}]"


def _error(error: FanpinError, translated: Callable[[str], str | None] = chinese) -> str | None:
    """A :class:`~fanpin.errors.FanpinError` in Chinese (:func:`_error_zh`), or None."""
    if isinstance(error, RecordValidationError):
        return _record_zh(error)
    where = _output_zh(str(error.location)) if error.location.path else ""  # standard output: 标准输出
    return _error_zh(where, error.message, error.fix, error.code, translated)


#: A record's refusal names its model: a household's record, a member's.
_RECORD_MODELS_ZH = {"Household": "户记录", "Member": "成员记录"}
#: The fixes a record's refusal joins (:data:`fanpin.model.record.RECORD_FIXES`), in Chinese.
_RECORD_FIXES_ZH = {
    CORRECT_VALUES: "请逐项改正所列的值（空值表示未知；没有请填 0）",
    ADD_LEFT_OUT: "请补上所列未给出的必填列",
    UNKNOWN_KEY_FIX: '请改正每个未知的键，或传入 extra="ignore" 去掉自己的键',
    ASSESS_UNKNOWN_KEY_FIX: (
        '请改正每个未知的键，或去掉自己的键（Household.model_validate(record, extra="ignore") 会去掉它们，'
        "assess 接受这样得到的 Household）"
    ),
    ONE_NAME_EACH: "每列只用一个名称给出",
}


def _record_zh(error: RecordValidationError) -> str | None:
    """A record's refusal (:func:`fanpin.model.record.refused`) in Chinese, made again from its problems (each
    one's place and reason, as the errors file states a row's reason), or None when a part has no translation.
    Its English message joins the reasons with "; ", which a reason may hold too: it is not split again."""
    from pydantic import BaseModel

    from fanpin.model import Household, Member

    models: dict[str, type[BaseModel]] = {"Household": Household, "Member": Member}
    model = models.get(error.model)
    name = _RECORD_MODELS_ZH.get(error.model)
    if model is None or name is None:
        return None
    problems = error.errors(include_url=False)
    parts = []
    for e in problems:
        reason = problem_reason(e["msg"], e["type"], "zh")
        if reason.startswith("该值不符合要求（"):  # reason_text's words around a reason it has no Chinese for
            return None
        loc = e["loc"]
        if len(loc) == 3 and loc[0] == "members" and isinstance(loc[1], int):  # members.0.出生日期
            place = f"家庭成员第 {loc[1] + 1} 人的{loc[2]}"
        else:
            place = _full_width_labels(problem_place(model, loc, e["type"]))
        parts.append(f"{place}：{reason}")
    shown = "；".join(parts[:10]) + (f"；另有 {len(parts) - 10} 个" if len(parts) > 10 else "")
    fixes, rest = [], error.fix
    while rest:
        known = next((f for f in RECORD_FIXES if rest.startswith(f)), None)
        if known is None:
            return None
        fixes.append(_RECORD_FIXES_ZH[known])
        rest = rest.removeprefix(known).removeprefix("; ")
    # The problems are listed with "；", which a reason holds too: the fixes follow after a full stop.
    return f"{name}未通过校验，共 {len(problems)} 个问题：{shown}。" + "；".join(fixes) + f" [{error.code}]"


# ---- text on a terminal ---------------------------------------------------------------------------------

#: Punctuation no line starts with (it closes what stands before it), and punctuation no line ends with.
_CLOSING = frozenset("，。、；：？！）》」』】〕,.;:?!)]")
_OPENING = frozenset("（《「『【〔([")
#: A word of narrow characters, or one wide character: the places a line may break at (or a space).
#: The wide characters of the scripts fanpin writes (Hangul, CJK and its punctuation, full-width forms).
_WIDE = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_PIECES = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")


def columns(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for a wide character (Chinese, full-width), one for
    any other (Unicode's East Asian Width)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped(text: str, width: int) -> list[str]:
    """``text``'s lines of at most ``width`` columns (:func:`columns`), its runs of white space one space.

    A line breaks at a space or beside a wide character, as Chinese text does, but never before closing
    punctuation (``，``, ``）``) or after opening punctuation (``（``); a word longer than the line is a
    line of its own. :mod:`textwrap` counts characters, so a Chinese line it fills takes twice the width.

    >>> wrapped("输出文件，- 表示标准输出（默认：当前文件夹下）", 16)
    ['输出文件，- 表示', '标准输出（默认：', '当前文件夹下）']
    """
    # The pieces, each with whether a space stood before it; closing punctuation joined to what it
    # follows and what follows opening punctuation joined to it (a space between kept), so that no line
    # starts or ends with them.
    pieces: list[tuple[bool, str]] = []
    space = False
    for piece in _PIECES.findall(text.strip()):
        if piece.isspace():
            space = True
        elif pieces and (piece[0] in _CLOSING or pieces[-1][1][-1] in _OPENING):
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + (" " if space else "") + piece)
            space = False
        else:
            pieces.append((space, piece))
            space = False
    lines: list[str] = []
    line, used = "", 0
    for space_before, piece in pieces:
        wide = columns(piece)
        gap = 1 if space_before and line else 0
        if line and used + gap + wide > width:
            lines.append(line)
            line, used, gap = "", 0, 0
        line += " " * gap + piece
        used += gap + wide
    if line:
        lines.append(line)
    return lines
