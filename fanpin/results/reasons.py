"""Why a row was refused, in the language of the run.

The readers and validators (:mod:`fanpin.io.readers`, :mod:`fanpin.batch.validate`, :mod:`fanpin.io.export`)
state each reason once, in English, as the per-row and the batch path both do; the errors file is
written in the language of the run, so each reason is translated here, last, as a sentence is. A reason
is matched against the patterns below (fixed sentences, and sentences with numbers, lines, headers or
the accepted values in them); one that matches none is kept as it is, after a general note.

>>> reason_text("duplicate 户编号: each household once; first on line 17", "zh")
'户编号重复：每户只能出现一次；该户编号首次出现在第 17 行'
>>> reason_text("11 cells but 9 headers", "zh").split("：")[0]
'该行有 11 个单元格，但表头只有 9 列'
>>> reason_text("Input should be greater than or equal to 1", "zh")
'应不小于 1'
>>> reason_text("Input should be greater than or equal to 1", "en")
'should be at least 1'
>>> reason_text("Input should be greater than or equal to 0", "en")
'is never negative: correct the cell (write 0 for none; leave it empty if the value is not known)'
>>> reason_text("this line is not GBK text (the file mixes encodings); save the whole file again as CSV UTF-8 "
...     "from Excel", "zh")
'该行不是 GBK 文本（文件混用了多种编码）；请在 Excel 中把整个文件另存为“CSV UTF-8”'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from fanpin.model.columns import (
    COLUMN_NUMBERS_ROW,
    DUPLICATE_FIRST,
    DUPLICATE_ID,
    DUPLICATE_READ_AS,
    EMPTY_ID,
    EMPTY_SIZE,
    EMPTY_TYPE,
    FOOTER_ROW,
    ID_TWO_WAYS,
    ID_TWO_WAYS_LATER,
    JSONL_NOT_UTF8,
    NO_REGION,
    NO_REGION_PARAMETER,
    REQUIRED_EMPTY,
    TOTALS_ROW,
)
from fanpin.model.facts import MONTH_AS_NUMBER, MONTH_AS_NUMBER_OR
from fanpin.model.household import NEGATIVE_MONEY, NUMBER_FOR_MEASURE, HouseholdType
from fanpin.model.member import NOT_POST
from fanpin.model.record import (
    DERIVED_KEY,
    DUPLICATE_NAMES,
    LEFT_OUT,
    MEMBER_RECORD,
    MEMBERS_LIST,
    NEAREST_KEY,
    NO_SUCH_KEY,
)
from fanpin.model.values import (
    BROKEN_ID,
    CONTROL_ID,
    DATE_WITH_TIME_DAY,
    DAY_MONTH_AMBIGUOUS,
    DAY_MONTH_AMBIGUOUS_MONTH,
    DAY_MONTH_TOLD,
    DAY_MONTH_TOLD_MONTH,
    EXCEL_ERROR_VALUE,
    EXPONENT_MONEY,
    EXPONENT_NUMBER,
    FLOAT_CODE,
    FULL_WIDTH_DIGITS,
    HALF_PAIR,
    INFINITE_AMOUNT,
    INFINITE_CODE,
    MONTH_FOR_DATE,
    MONTH_WITH_TIME,
    MONTH_WITH_TIME_MONTH,
    NAN_NUMBER,
    NEGATIVE_CODE,
    NO_SUCH_DAY,
    NO_SUCH_MONTH,
    NOT_DECODED,
    NOT_GROUPED,
    NOT_GROUPED_NUMBER,
    NOT_MONEY,
    NOT_NUMBER,
    NOT_TEXT,
    NOT_TEXT_BOOL,
    NOT_WHOLE,
    NUMBER_FOR_DATE,
    NUMBER_FOR_MONTH,
    NUMBER_FOR_MONTH_1904,
    ODD_SIGN_MONEY,
    ODD_SIGN_NUMBER,
    PERSONAL_NUMBER_COUNT,
    PERSONAL_NUMBER_MONEY,
    PERSONAL_NUMBER_QUANTITY,
    SCIENTIFIC_ID,
    SCIENTIFIC_ID_NUMBER,
    SCIENTIFIC_PERSON_ID,
    SPACED_MONEY,
    SPACED_NUMBER,
    TOO_LARGE_COUNT,
    TOO_LARGE_MONEY,
    TOO_LARGE_QUANTITY,
    UNIT_MONEY,
    too_large_money,
)
from fanpin.model.vocabulary import NOT_EDUCATION
from fanpin.regions import NOT_REGION, PROVINCE_RULE, PROVINCE_SPANS, province_error, region_length_error

__all__ = ["PROVINCE_RULE_ZH", "reason_text"]

_Rewrite = str | Callable[[re.Match[str]], str]

_NOT_BOOL = "not a yes/no value; write 是/否, Y/N, 1/0 or true/false, or leave it empty if unknown"
_NO_KIND = (
    "监测户 does not say whether the household is 脱贫户 or 一般农户, and its 监测对象类别 does not either; "
    "write 脱贫户 or 一般农户"
)

#: Fixed reasons: English as the validators write it → Chinese.
_FIXED_ZH = {
    LEFT_OUT: "必填列，未给出",
    REQUIRED_EMPTY: "必填项为空；该项没有收入请填 0",
    "required value is empty": "必填项为空",
    EMPTY_ID: "必填项为空：每户都要有户编号；请填写",
    EMPTY_TYPE: "必填项为空；请填写以下之一：" + "、".join(t.label for t in HouseholdType),
    EMPTY_SIZE: "必填项为空；请填写该户人口数，例如 4",
    MEMBERS_LIST: "家庭成员（members）应为该户成员记录的列表：每人一条，每条是其各列的键值对（人编号、与户主关系 …）",
    MEMBER_RECORD: "每个成员应为一条记录：其各列的键值对（人编号、与户主关系 …），或一个 Member",
    "required value is empty: every member row names its household's 户编号": (
        "必填项为空：每个成员行都要填写所属户的户编号"
    ),
    DUPLICATE_ID: "户编号重复：每户只能出现一次",
    ID_TWO_WAYS: (
        "户编号重复且写法不同（含全角字符、不可见字符、中间的空格或大小写不同的字母）：无法判断哪一行是该户，这些行都被拒收；"
        "每户的户编号只写一次，且写法一致"
    ),
    ID_TWO_WAYS_LATER: (
        "户编号重复且写法不同（含全角字符、不可见字符、中间的空格或大小写不同的字母）：这一后出现的行被拒收，该户的第一行已评分"
        "（输出写到了设备或管道，无法重写）；每户的户编号只写一次，且写法一致"
    ),
    NO_REGION: "必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 --region 为整个文件指定地区",
    NO_REGION_PARAMETER: (
        "必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 region= 参数为所有户指定地区"
    ),
    _NOT_BOOL: "不是“是/否”值；请填 是/否、Y/N、1/0 或 true/false，不清楚请留空",
    NOT_POST: "既不是“是/否”值，也不是岗位名称；请填 是/否 或岗位名称（如 护林员），不清楚请留空",
    NUMBER_FOR_MEASURE: (
        "是数字，不是帮扶措施的名称（措施的项数说明不了是哪些措施）：请填写各项措施的名称，用“、”或“；”分隔"
    ),
    NOT_MONEY: "不是金额；请填数字，最多一个小数点",
    NAN_NUMBER: "不是数字（NaN，程序把缺失或算不出的值写成 NaN）：请填写数字，不清楚的留空",
    INFINITE_AMOUNT: "不是数字（无穷大 inf，程序把除以零的结果写成 inf）：请填写数字，不清楚的留空",
    UNIT_MONEY: (
        "金额带有单位或符号（元、万、￥）：请只填以元为单位的数字，"
        "例如 5000元 填 5000，0.5万 也填 5000（1万 即 10000 元）"
    ),
    SPACED_MONEY: "不是金额：数字中间有空格（1 234）；请把数字连起来写，例如 1234",
    ODD_SIGN_MONEY: (
        "不是金额：负号不是减号“-”（如文字处理软件写的“−”），或写成了会计格式的括号（(500)）；"
        "请用减号写作 -500，没有请填 0"
    ),
    ODD_SIGN_NUMBER: (
        "不是数字：负号不是减号“-”（如文字处理软件写的“−”），或写成了会计格式的括号（(5)）；请用减号写作 -5，没有请填 0"
    ),
    NOT_TEXT: "不是文本，而是浮点数 NaN；请填写文本，不清楚请留空",
    NOT_TEXT_BOOL: "不是文本，而是“是/否”值（true/false）；请填写该列的文本，不清楚请留空",
    NOT_DECODED: "不是文本，而是未解码的字节（bytes）；请先解码为 str（value.decode('utf-8')，或按其原编码解码）",
    HALF_PAIR: (
        "含有 UTF-16 代理对的一半，不是字符（文本解码有误？）；请按其原编码（UTF-8 或 GBK）解码，或直接填写该字符"
    ),
    NOT_GROUPED: "不是金额：逗号只能用作千位分隔（8,700.50）；小数请用小数点，例如 1.5",
    EXPONENT_MONEY: "不是金额：用了科学计数法（电子表格显示长数字时会这样写，可能已截掉部分位数）；请把金额写成数字",
    TOO_LARGE_MONEY: "金额过大（最多 999999999999.99 元）",
    NOT_WHOLE: "不是整数；请填写整数，例如 4",
    FULL_WIDTH_DIGITS: (
        "使用了全角数字或符号（\uff12 \uff0e \uff0d \uff0c）：输入法处于全角状态时会这样输入，不能当作数字读取；"
        "请改为半角（2 . - ,）：把输入法切换为半角，或替换这些字符"
    ),
    TOO_LARGE_COUNT: "数值过大（此处整数最多 15 位）",
    "not a month; write YYYYMM, e.g. 202304": "不是月份；请填六位年月，例如 202304",
    "not a date; write YYYY-MM-DD, e.g. 2026-03-31": "不是日期；请按年-月-日填写，例如 2026-03-31",
    PERSONAL_NUMBER_COUNT: "是电话号码或身份证号，不是人数或月数（是否粘贴到了错误的列？）；请填写人数或月数",
    PERSONAL_NUMBER_MONEY: "是电话号码或身份证号，不是金额（是否粘贴到了错误的列？）；请填写以元为单位的金额",
    NO_SUCH_DAY: "日历上没有这一天：请核对月份（1 到 12）和日（每月 28 到 31 天）；请按年-月-日填写，例如 2026-03-31",
    DAY_MONTH_AMBIGUOUS: "不是按年-月-日填写的日期，且看不出先写的是日还是月：请按年-月-日填写，例如 2026-03-31",
    DAY_MONTH_AMBIGUOUS_MONTH: "不是六位年月，且看不出先写的是日还是月：请填六位年月，例如 202304",
    MONTH_WITH_TIME: "日期后面带有时刻：年月列只填年月；请填六位年月，例如 202304",
    NO_SUCH_MONTH: "日历上没有这个月份，或其中的日不存在：请核对月份（1 到 12）和日；请填六位年月，例如 202304",
    NUMBER_FOR_DATE: (
        "此处应为日期，却是一个数字：该列未设置为日期格式时，Excel 会把日期显示为天数序号；"
        "请把该列设置为日期格式（年-月-日）后重新保存文件"
    ),
    NEGATIVE_MONEY: "不能为负数（收入或支出项不会小于 0）：请改正该单元格，没有的填 0",
    NOT_REGION: "不是行政区划代码；请填写 2、4、6、9 或 12 位数字的区划代码（省/市/县/乡/村），例如 532328",
    SCIENTIFIC_ID: (
        "写成了科学计数法（Excel 显示 12 位及以上数字的方式）：末几位数字已丢失，无法区分各户；"
        "请在 Excel 或 WPS 中把该列设置为文本格式，再保存或重新导出文件"
    ),
    EXCEL_ERROR_VALUE: (
        "是 Excel 的错误值而不是数据（公式无法计算，或查找没有找到结果）；请改正公式或直接填写，再保存文件"
    ),
    SCIENTIFIC_ID_NUMBER: (
        "证件号码写成了科学计数法（Excel 显示 12 位及以上数字的方式）：末几位数字已丢失，无法确定是谁的号码；"
        "请在 Excel 或 WPS 中把该列设置为文本格式（或另存为文本），再保存或重新导出文件"
    ),
    CONTROL_ID: (
        "户编号中含有控制字符（损坏的单元格或其他程序导出时带入的不可见字节，错误文件中以尖括号标出）：户编号不会含有这种字符；"
        "请删除它，再保存文件"
    ),
    BROKEN_ID: (
        "户编号中间含有制表符或换行符（从其他程序粘贴的文本，或在单元格内输入的换行）：户编号不会含有这些字符；"
        "请删除它，把户编号写在一行内，再保存文件"
    ),
    FLOAT_CODE: (
        "是不小于 2^53（约 9.007e15）的浮点数，浮点数存不下编码的每一位：它是数据表（DataFrame）或 Parquet 文件"
        "中浮点数列的值，或传入的浮点数，末几位可能已不是原来的数字，无法确定它指的是什么；"
        "请把编码存为文本（字符串列，而不是浮点数列）后重新提供"
    ),
    INFINITE_CODE: "是无穷大（inf），不是编码：浮点数列或浮点数值中的 inf，来自出错的计算；请以文本形式填写编码本身",
    NEGATIVE_CODE: (
        "是带负号的数字，不是编码：编码不会以负号开头（浮点数列中的负数或 -0.0，或误输入的符号）；"
        "请按全国系统给出的编码填写，不带负号"
    ),
    SCIENTIFIC_PERSON_ID: (
        "人编号写成了科学计数法（Excel 显示 12 位及以上数字的方式）：末几位数字已丢失，无法区分各人；"
        "请在 Excel 或 WPS 中把该列设置为文本格式（或另存为文本），再保存或重新导出文件"
    ),
    NOT_NUMBER: "不是数字；请填数字，最多一个小数点",
    SPACED_NUMBER: "不是数字：数字中间有空格（1 234）；请把数字连起来写，例如 1234",
    NOT_GROUPED_NUMBER: "不是数字：逗号只能用作千位分隔（8,700.50）；小数请用小数点，例如 1.5",
    EXPONENT_NUMBER: ("不是数字：用了科学计数法（电子表格显示长数字时会这样写，可能已截掉部分位数）；请把数字写全"),
    TOO_LARGE_QUANTITY: "面积或距离过大（最多 999999999999.99）",
    PERSONAL_NUMBER_QUANTITY: "是电话号码或身份证号，不是面积或距离（是否粘贴到了错误的列？）；请填写数值",
    _NO_KIND: "户类型为监测户，但没有说明是脱贫户还是一般农户，监测对象类别也没有说明；请填写脱贫户或一般农户",
    "a household has at least one member row": "每户至少要有一个成员行",
    "this row repeats the header row (two files joined into one?): delete it": (
        "该行重复了表头（是否把两个文件拼在了一起？）：请删除该行"
    ),
    TOTALS_ROW: "该行是合计行，不是一户：请删除该行",
    FOOTER_ROW: "该行是表格的落款或说明（填表人、审核人、共…户、日期等），不是一户：请删除该行",
    COLUMN_NUMBERS_ROW: "该行是表格的栏次（表头下的列序号 1、2、3……），不是一户：请删除表头下的栏次行",
    'not a JSON object; write one object per household, e.g. {"户编号": "H1"}': (
        '不是 JSON 对象；每行写一户的一个对象，例如 {"户编号": "H1"}'
    ),
    "not JSON fanpin can read (a number too long or values nested too deep)": "无法读取的 JSON（数字过长或嵌套过深）",
    r"holds a \u escape that is not a character (half of a UTF-16 pair)": (
        r"含有不构成字符的 \u 转义（UTF-16 代理对的一半）"
    ),
}
#: Fixed reasons whose English names a Chinese header or word: the English the errors file writes.
_FIXED_EN = {
    DUPLICATE_ID: "duplicate household_id (户编号): each household once",
    ID_TWO_WAYS: (
        "duplicate household_id (户编号) written two ways, with full-width characters, an invisible character, a space "
        "inside or a letter in the other case: every row of it is refused, as which is the household cannot be told; "
        "write each household's household_id once, the same way"
    ),
    ID_TWO_WAYS_LATER: (
        "duplicate household_id (户编号) written two ways, with full-width characters, an invisible character, a space "
        "inside or a letter in the other case: this later row is refused, its first row was scored (the output went to "
        "a device or a pipe, which cannot be written again); write each household's household_id once, the same way"
    ),
    TOO_LARGE_MONEY: "too large for an amount of money (at most 999999999999.99 yuan)",
    SCIENTIFIC_ID_NUMBER: "id_number (证件号码)" + SCIENTIFIC_ID_NUMBER.removeprefix("证件号码"),
    SCIENTIFIC_PERSON_ID: "person_id (人编号)" + SCIENTIFIC_PERSON_ID.removeprefix("人编号"),
    BROKEN_ID: "household_id (户编号)" + BROKEN_ID.removeprefix("户编号"),
    CONTROL_ID: "household_id (户编号)" + CONTROL_ID.removeprefix("户编号"),
    NOT_REGION: (
        "not a region code (行政区划代码); write the division code's 2, 4, 6, 9 or 12 digits "
        "(province, prefecture, county, township, village), e.g. 532328"
    ),
    NO_REGION: (
        "required value is empty: region_code (行政区划代码) picks the parameters of the household's region; "
        "fill it in, or pass --region"
    ),
    NO_REGION_PARAMETER: (
        "required value is empty: region_code (行政区划代码) picks the parameters of the household's region; "
        "fill it in, or pass region="
    ),
    "required value is empty: every member row names its household's 户编号": (
        "required value is empty: every member row names its household's household_id (户编号)"
    ),
}

#: Why a negative count, amount, area or distance is refused (a field that is at least 0), per language.
NEGATIVE_EN = "is never negative: correct the cell (write 0 for none; leave it empty if the value is not known)"
NEGATIVE_ZH = "不能为负数：请改正该单元格（没有的填 0；不清楚的留空）"


def _template(template: str) -> re.Pattern[str]:
    """A pydantic error template (fanpin.model.record's: ``{name}`` filled in) as a pattern matching the
    reasons it makes, a group named for each name."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("^" + "".join(f"(?P<{p}>.+?)" if i % 2 else re.escape(p) for i, p in enumerate(parts)) + "$")


def _day_count(template: str) -> re.Pattern[str]:
    """The pattern of a refusal of Excel's count of days in a month column (:data:`NUMBER_FOR_MONTH`, or the
    1904 date system's), its count, day and month as groups 1 to 3."""
    pattern = re.escape(template)
    for name, group in (("{count}", r"(\d+)"), ("{day}", r"([\d-]+)"), ("{month}", r"(\d+)")):
        pattern = pattern.replace(re.escape(name), group)
    return re.compile(f"^{pattern}$")


def _month_for_date() -> re.Pattern[str]:
    """The pattern of :data:`MONTH_FOR_DATE`'s refusals, its month (named twice) as group 1."""
    month = re.escape("{month}")
    pattern = re.escape(MONTH_FOR_DATE).replace(month, r"([0-9]{4}-[0-9]{2})", 1).replace(month, r"\1")
    return re.compile(f"^{pattern}$")


#: The Chinese of :func:`_day_count`'s refusals, ``{system}`` the count's (Excel's usual one, or the workbook's).
_DAY_COUNT_ZH = (
    "此处应为年月，却是一个数字：该列未设置为日期格式时，Excel 会把日期显示为天数序号；按{system}计，"
    r"\1 是 \2：请填 \3，或把该列设置为日期格式后重新保存文件"
)


def _chinese_name(match: re.Match[str]) -> str:
    """Of a key's two names in a reason (the one written and its other), the Chinese header, else the first."""
    names = (match["suggestion"], match["other"])
    return next((n for n in names if re.search(r"[\u3400-\u9fff]", n)), names[0])


#: What a record of each model is to a clerk, in a reason about its keys.
_RECORD_ZH = {"Household": "户信息", "Member": "成员信息"}
#: The kinds of JSON value that are no cell (fanpin.io.readers._nested), in Chinese.
_JSON_KINDS_ZH = {"object": "对象", "list": "列表", "list holding lists or objects": "含列表或对象的列表"}

#: Python's kinds of several values (:data:`fanpin.model.values.NOT_ONE_VALUE`), as a Chinese reason names them.
_KINDS_ZH = {"list": "列表", "tuple": "元组", "set": "集合", "frozenset": "集合", "dict": "字典"}
_KINDS_ZH |= dict.fromkeys(("bytes", "bytearray", "memoryview"), "字节串")

#: A long value as a reason quotes it: its first characters, then its length (fanpin.io.export._quoted).
_LONG_VALUE = re.compile(r"… \((\d+) characters\)$")


#: Lines as a reason names them (fanpin.io.export._some_lines): ``line 7``, ``lines 4, 5`` or ``lines 12, 13,
#: 14 and 197 more``; its groups are the lines named and how many more (:func:`_where`).
_SOME_LINES = r"lines? ([\d, ]+?)(?: and (\d+) more)?"


def _where(first: str, more: str | None) -> str:
    """``第 12, 13, 14 行及另外 197 行``: the lines of :data:`_SOME_LINES` in Chinese."""
    return f"第 {first} 行" + (f"及另外 {more} 行" if more else "")


def _lines(text: str) -> str:
    """``line 3: x; lines 4, 5, 6 and 7 more: (empty); 2 other values on lines 8, 9, 10 and 1 more`` as the
    Chinese errors file writes it (fanpin.io.export._conflicts)."""

    def one(match: re.Match[str]) -> str:
        value = "（空）" if match.group(3) == "(empty)" else _LONG_VALUE.sub(r"…（共 \1 个字符）", match.group(3))
        return f"{_where(match.group(1), match.group(2))}：{value}"

    def others(match: re.Match[str]) -> str:
        return f"另有 {match.group(1)} 个值，在{_where(match.group(2), match.group(3))}"

    def part(text: str) -> str:
        text = re.sub(rf"^{_SOME_LINES}: (.*)$", one, text, flags=re.DOTALL)
        return re.sub(rf"^(\d+) other values on {_SOME_LINES}$", others, text)

    return "；".join(part(text) for text in text.split("; "))


#: Reasons with parts that vary: pattern → Chinese, English.
#: :data:`fanpin.regions.PROVINCE_RULE` in Chinese (the errors file's reasons, and fanpin.messages'): the
#: province codes a division code starts with.
PROVINCE_RULE_ZH = (
    f"区划代码以所在省级行政区的代码开头（GB/T 2260）：{PROVINCE_SPANS.replace(', ', '、')}"
    "（53 云南、52 贵州……）；请核对该代码"
)
#: The reason :func:`fanpin.regions.province_error` gives, before and after the two digits it names.
_PROVINCE_HEAD, _PROVINCE_TAIL = province_error("\0").split("\0")

_PATTERNS: list[tuple[re.Pattern[str], _Rewrite, _Rewrite]] = [
    (
        re.compile(
            r"^a member row names 户编号 (.+), not the household's (.+): give each member under the household its "
            r"户编号 names$"
        ),
        r"有成员行的户编号为 \1，不是本户的 \2：请把每个成员放在其户编号所指的户下",
        r"a member row names 户编号 \1, not the household's \2: give each member under the household its 户编号 names",
    ),
    (
        re.compile(
            r"^劳动力人数 \(labor_count\) (\d+) is larger than 家庭人口数 \(size\) (\d+): a household's labour force "
            r"is among its members; correct one of the two$"
        ),
        r"劳动力人数（\1）大于家庭人口数（\2）：劳动力是家庭成员的一部分；请改正其中一项",
        r"labor_count (劳动力人数) \1 is larger than size (家庭人口数) \2: a household's labour force is among its "
        r"members; correct one of the two",
    ),
    (
        re.compile(
            r"^this member row has the (人编号|证件号码 and 姓名) of line (\d+): "
            r"the same person listed twice; delete one$"
        ),
        lambda m: f"该成员行的{m.group(1).replace(' and ', '和')}与第 {m.group(2)} 行相同：同一人列了两次；请删去一行",
        r"\g<0>",
    ),
    (
        re.compile(r"^this member row repeats line (\d+) cell for cell: the same person listed twice; delete one$"),
        r"该成员行与第 \1 行逐格相同：同一人列了两次；请删去一行",
        r"\g<0>",
    ),
    (
        re.compile(
            r"^户编号 \(or 县/乡/村\) is written differently on the household's rows, with full-width characters, "
            rf"an invisible character, a space inside or a letter in the other case( \(on {_SOME_LINES}\))?: "
            r"write it the same way on every row$"
        ),
        lambda m: (
            "户编号（或县/乡/村）在该户各行的写法不同，含全角字符、不可见字符、中间的空格或大小写不同的字母"
            + (f"（{_where(m.group(2), m.group(3))}）" if m.group(2) else "")
            + "：请在每一行写成一样"
        ),
        r"household_id (户编号), or its county, township or village, is written differently on the household's "
        r"rows, with full-width characters, an invisible character, a space inside or a letter in the other case\1: "
        r"write it the same way on every row",
    ),
    (
        re.compile(r"^(\d+) cells but (\d+) headers$"),
        r"该行有 \1 个单元格，但表头只有 \2 列：最后一个表头之后还有填写的单元格"
        r"（引号外的逗号会把一个单元格分成两个）；请为它加表头、删除它，或给含逗号的单元格加引号",
        r"\1 cells but \2 headers: a filled cell stands beyond the last header (in a CSV, a comma outside quotes "
        r"splits a cell in two); give it a header, delete it, or quote the cell that holds the comma",
    ),
    (
        re.compile(
            r"^the row has (\d+) cells where the header has (\d+): it ends early, after (.+) "
            r"\(a line cut short or a lost separator\); mend the line$"
        ),
        lambda m: (
            f"该行只有 {m.group(1)} 个单元格，而表头有 {m.group(2)} 列：该行在"
            + (f"第 {m.group(3)[7:]} 列" if re.fullmatch(r"column \d+", m.group(3)) else f"“{m.group(3)}”")
            + "之后提前结束（该行被截断，或丢了分隔符）；请补全该行"
        ),
        r"\g<0>",
    ),
    (
        re.compile(
            r"^this line is not (\S+) text \(the file mixes encodings\); "
            r"save the whole file again as CSV UTF-8 from Excel$"
        ),
        r"该行不是 \1 文本（文件混用了多种编码）；请在 Excel 中把整个文件另存为“CSV UTF-8”",
        r"this line is not \1 text (the file mixes encodings); save the whole file again as CSV UTF-8 from Excel",
    ),
    (
        re.compile(
            r"^cell (.+) holds a formula saved without its calculated value \(it would read as empty\); "
            r"open the file in Excel or WPS, let it calculate, and save it again$"
        ),
        r"单元格 \1 是公式，但保存时没有计算结果（会被读成空值）；请用 Excel 或 WPS 打开，计算后重新保存",
        r"cell \1 holds a formula saved without its calculated value (it would read as empty); open the file in "
        r"Excel or WPS, let it calculate, and save it again",
    ),
    (
        re.compile(
            r"^cell (.+) holds an error of Excel's instead of a value \(a formula that could not be calculated, or a "
            r"lookup that found nothing\); correct the formula or type the value, and save the file again$"
        ),
        r"单元格 \1 存的是 Excel 的错误值而不是数据（公式无法计算，或查找没有找到结果）；"
        r"请改正公式或直接填写，再保存文件",
        r"cell \1 holds an error of Excel's instead of a value (a formula that could not be calculated, or a lookup "
        r"that found nothing); correct the formula or type the value, and save the file again",
    ),
    (
        re.compile(
            r"^cell (.+) holds a number of 16 digits or more, of which a spreadsheet keeps only the first 15 \(an ID "
            r"number, 户编号 or 人编号 stored as a number: the rest are lost\); export the file again, or format the "
            r"column as text and enter the numbers again, and save$"
        ),
        r"单元格 \1 是 16 位以上的数字，而电子表格只保留数字的前 15 位（证件号码、户编号或人编号被存成了数字，"
        r"其余各位已丢失）；请重新导出文件，或把该列设为文本格式后重新填写这些号码，再保存",
        r"cell \1 holds a number of 16 digits or more, of which a spreadsheet keeps only the first 15 (an ID number, "
        r"户编号 or 人编号 stored as a number: the rest are lost); export the file again, or format the column as text "
        r"and enter the numbers again, and save",
    ),
    (
        re.compile(
            r"^cell (.+) is formatted as a percentage, and no amount, count or code is one: read as its number it "
            r"would be a hundredth of what it shows; format the column as a number \(数值 or 常规\), check the "
            r"values it shows, and save$"
        ),
        r"单元格 \1 的格式是百分比，而金额、人数和代码都不是百分比：按其中存的数字读取，只有显示值的百分之一；"
        r"请把该列设为“数值”或“常规”格式，核对显示的数值，再保存",
        r"cell \1 is formatted as a percentage, and no amount, count or code is one: read as its number it would "
        r"be a hundredth of what it shows; format the column as a number (数值 or 常规), check the values it "
        r"shows, and save",
    ),
    (
        re.compile(
            r"^(.+) is merged over the rows of several households \(cells ([A-Z]{1,3}[0-9]+:[A-Z]{1,3}[0-9]+)\): "
            r"Excel shows its one value on each of their rows, and each household would be scored with it as its "
            r"own; unmerge it and give each household its own value$"
        ),
        r"\1（单元格 \2）合并跨越了多户的行：Excel 在这些行上都显示这一个值，每户都会把它当作本户自己的值评分；"
        r"请取消合并，为每户填写各自的值",
        r"\g<0>",
    ),
    (_template(DAY_MONTH_TOLD), r"不是按年-月-日填写的日期：请填 \g<day>", r"\g<0>"),
    (
        _template(MONTH_AS_NUMBER_OR),
        r"YAML 把 \g<written> 读作数字，不是年月：请把年月按六位年月加引号填写，'\g<month>'"
        r"（如指十月则为 '\g<other>'：YAML 会去掉 .10 的 0）",
        r"\g<0>",
    ),
    (
        _template(MONTH_AS_NUMBER),
        r"YAML 把 \g<written> 读作数字，不是年月：请把年月按六位年月加引号填写，'\g<month>'",
        r"\g<0>",
    ),
    (_template(DATE_WITH_TIME_DAY), r"日期后面带有时刻：日期列只填日期，时刻不读取；请只填日期 \g<day>", r"\g<0>"),
    (
        _template(MONTH_WITH_TIME_MONTH),
        r"日期或年月后面带有时刻：年月列只填年月，时刻不读取；请填 \g<month>",
        r"\g<0>",
    ),
    (
        _month_for_date(),
        r"这是年月，不是日期：日期列填的是某一天；请按年-月-日填写 \1 中的那一天，例如 \1-01",
        r"\g<0>",
    ),
    (_template(DAY_MONTH_TOLD_MONTH), r"不是六位年月：请填 \g<month>", r"\g<0>"),
    (_day_count(NUMBER_FOR_MONTH), _DAY_COUNT_ZH.format(system=" Excel 的算法（自 1900 年起）"), r"\g<0>"),
    (  # the same, of a workbook of Excel's 1904 date system
        _day_count(NUMBER_FOR_MONTH_1904),
        _DAY_COUNT_ZH.format(system="本工作簿的算法（1904 日期系统，自 1904 年起）"),
        r"\g<0>",
    ),
    (
        re.compile(r"^not a known value; expected one of (.*)$"),
        r"不是可识别的值；应为以下之一：\1",
        lambda m: f"not a known value; expected one of {m.group(1).replace('、', ', ')}",
    ),
    (  # 文化程度: the levels of schooling, and what a vocational school and a qualification are
        re.compile("^" + re.escape(NOT_EDUCATION).replace(re.escape("{known}"), "(.*)") + "$"),
        r"不是文化程度；请填写已完成的最高学历，应为以下之一：\1"
        r"（技校、职高、中职等职业学校填 高中；技师等职业资格不是文化程度）",
        lambda m: NOT_EDUCATION.format(known=m.group(1).replace("、", ", ")),
    ),
    (
        re.compile("^" + re.escape(too_large_money(0)).replace("10\\^0", r"10\^(\d+)") + "$"),
        r"金额过大：不小于 10^\1 元（最多 999999999999.99 元）",
        r"too large for an amount of money: 10^\1 yuan or more (at most 999999999999.99 yuan)",
    ),
    # A count, amount, area or distance below 0 (ge=0): it is never negative, so the fix is to the cell.
    (re.compile(r"^Input should be greater than or equal to 0$"), NEGATIVE_ZH, NEGATIVE_EN),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"应不小于 \1", r"should be at least \1"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"应不大于 \1", r"should be at most \1"),
    (re.compile(r"^Input should be greater than (\S+)$"), r"应大于 \1", r"should be more than \1"),
    (re.compile(r"^Input should be less than (\S+)$"), r"应小于 \1", r"should be less than \1"),
    (
        re.compile(r"^行政区划代码 has (\d+) digits?; " + re.escape(region_length_error(0).partition("; ")[2]) + "$"),
        r"行政区划代码有 \1 位数字；区划代码为 2、4、6、9 或 12 位（省/市/县/乡/村）："
        r"请填写该户的区划代码（电话号码、证件号码不是区划代码）",
        lambda m: (
            f"region_code (行政区划代码) has {m.group(1)} digit{'' if m.group(1) == '1' else 's'}; a division code "
            "has 2, 4, 6, 9 or 12 digits (province, prefecture, county, township, village): write the household's "
            "code (a phone or ID number is not one)"
        ),
    ),
    (  # digits of a division code's length, the first two no province's (99, 000000)
        re.compile("^" + re.escape(_PROVINCE_HEAD) + "([0-9]{2})" + re.escape(_PROVINCE_TAIL) + "$"),
        lambda m: f"行政区划代码的前两位 {m.group(1)} 不是监测覆盖的 31 个省级行政区的代码；{PROVINCE_RULE_ZH}",
        lambda m: (
            f"the first two digits of region_code (行政区划代码), {m.group(1)}, name none of the 31 provinces "
            f"of the monitoring; {PROVINCE_RULE}"
        ),
    ),
    (
        re.compile(re.escape(JSONL_NOT_UTF8)),
        "该行不是 UTF-8 文本：JSON Lines 文件应为 UTF-8 编码；请把文件重新写为 UTF-8 文本",
        r"\g<0>",
    ),
    (
        re.compile(r"^JSON has no value (NaN|Infinity|-Infinity); write null for a value not known$"),
        r"JSON 没有 \1 这个值；不清楚的值请写 null",
        r"JSON has no value \1; write null for a value not known",
    ),
    (
        re.compile(
            r"^the value of (.*) is a JSON (object|list|list holding lists or objects), not one value; "
            r"write the value itself$"
        ),
        lambda m: f"{m.group(1)} 的值是 JSON {_JSON_KINDS_ZH[m.group(2)]}，不是单个值；请直接填写该值",
        r"\g<0>",
    ),
    (
        re.compile(r"^not one value but an? (\w+); write the text itself$"),
        lambda m: f"不是单个值，而是{_KINDS_ZH.get(m.group(1), '一组值')}；请直接填写文本本身",
        r"\g<0>",
    ),
    (
        re.compile(r"^Input should be a valid string$"),
        "不是文本；请填写文本本身（不是列表、日期或其他对象）",
        "should be text; write the text itself (not a list, a date or another object)",
    ),
    (
        re.compile(r"^not a value but an? (\w+); give its text \(str\(value\)\), a number or a date$"),
        r"不是值，而是 \1 对象；请填写其文本（str(value)）、数字或日期",
        r"\g<0>",
    ),
    (
        re.compile(r"^not the measures but an? (\w+); give them as a list of measures, or as one text \((.*)\)$"),
        r"不是帮扶措施，而是 \1；请填写措施列表，或一段以分号分隔的文本（\2）",
        r"\g<0>",
    ),
    (
        re.compile(r"^not the labels but an? (\w+); give them as a list of labels, or as one text \((.*)\)$"),
        r"不是选项，而是 \1；请填写选项的列表，或一段以逗号分隔的文本（\2）",
        r"\g<0>",
    ),
    (
        re.compile(r"^the key (.*) is given twice in one object; keep one of them$"),
        r"键 \1 在同一对象中出现两次；请只保留一个",
        r"the key \1 is given twice in one object; keep one of them",
    ),
    (
        re.compile(r"^the keys (.*) and (.*) name the same column in one object; keep one of them$"),
        r"键 \1 和 \2 在同一对象中指同一列；请只保留一个",
        r"the keys \1 and \2 name the same column in one object; keep one of them",
    ),
    (_template(DUPLICATE_NAMES), r"\g<key> 与该记录中的另一个键指同一列（\g<chinese>）：请只保留一个", r"\g<0>"),
    (_template(NEAREST_KEY), lambda m: f"未知的键；是否应为 {_chinese_name(m)}？", r"\g<0>"),
    (
        _template(NO_SUCH_KEY),
        lambda m: f"未知的键：{_RECORD_ZH.get(m['model'], '该记录')}中没有这个名称的列；请写该列的中文表头或英文列名",
        r"\g<0>",
    ),
    (_template(DERIVED_KEY), r"\g<title> 由其他各项算出，不是输入的列：请删去该键", r"\g<0>"),
    (
        re.compile(r"^not JSON \((.*)\); write one JSON object per line$"),
        "不是有效的 JSON；每行写一个 JSON 对象",
        r"not JSON (\1); write one JSON object per line",
    ),
    (
        re.compile(
            r"^lines (\d+) and (\d+) have (\d+) and (\d+) cells, together the header's (\d+)( with one cell broken "
            r"in two)?: one member row broken in two by a line break inside it \(a cell typed on two lines, or the "
            r"file edited by hand\); join the two lines into one \(delete the line break\) and score the file again$"
        ),
        lambda m: (
            f"第 {m[1]} 行和第 {m[2]} 行分别有 {m[3]} 个和 {m[4]} 个单元格，合起来正是表头的 {m[5]} 列"
            + ("（其中一个单元格被断成了两半）" if m[6] else "")
            + "：这是被行内的换行符断成两行的同一成员行（单元格内换了行，或手工编辑了文件）；"
            "请把这两行接成一行（删去该换行符）后重新评分"
        ),
        r"\g<0>",
    ),
    (
        re.compile(rf"^household not scored: its member rows? on {_SOME_LINES} (?:is|are) rejected$"),
        lambda m: f"该户未评分：其成员行（{_where(m.group(1), m.group(2))}）被拒收",
        r"\g<0>",
    ),
    (
        re.compile(rf"^(\d+) members are 户主 \(({_SOME_LINES})\); a household has one head$"),
        lambda m: f"有 {m.group(1)} 名成员为户主（{_where(m.group(3), m.group(4))}）；每户只能有一名户主",
        r"\1 members are the head of household (户主) (\2); a household has one head",
    ),
    (
        re.compile(
            r"^户类型 监测户 with 监测对象类别 (.*) does not say whether the household is 脱贫户 or 一般农户: "
            r"write 脱贫户 or 一般农户$"
        ),
        lambda m: (
            f"户类型为监测户，监测对象类别为{'（空）' if m.group(1) == '(empty)' else m.group(1)}，"
            "看不出是脱贫户还是一般农户：请填写脱贫户或一般农户"
        ),
        r"household_type (户类型) 监测户 with monitoring_category (监测对象类别) \1 does not say whether the "
        r"household is 脱贫户 (formerly poor) or 一般农户 (ordinary): write 脱贫户 or 一般农户",
    ),
    (
        re.compile(r"^(\d+) members are 户主; a household has one head$"),
        r"有 \1 名成员为户主；每户只能有一名户主",
        r"\1 members are the head of household (户主); a household has one head",
    ),
    (
        re.compile(
            r"^(.+) differs between the household's rows \((.*)\); the values differ though they mask alike, first at "
            r"character (\d+); it must be the same on every row$"
        ),
        lambda m: (
            f"{m.group(1)} 在该户各行中不一致（{_lines(m.group(2))}）；这些值脱敏后看起来相同，实际不同，"
            f"从第 {m.group(3)} 个字符起不同；每行都应相同"
        ),
        r"\1 differs between the household's rows (\2); the values differ though they mask alike, first at character "
        r"\3; it must be the same on every row",
    ),
    (
        re.compile(r"^(.+) differs between the household's rows \((.*)\); it must be the same on every row$"),
        lambda m: f"{m.group(1)} 在该户各行中不一致（{_lines(m.group(2))}）；每行都应相同",
        r"\1 differs between the household's rows (\2); it must be the same on every row",
    ),
    (
        re.compile(
            r"^a member row without 户编号 stands beside this household's rows \(line (\d+)\): it may be one of "
            r"its members, and the household would be scored without it; give that row its 户编号$"
        ),
        r"该户各行旁有一行成员行没有户编号（第 \1 行）：它可能是本户成员，本户若不含它评分会少算一人；"
        r"请为该行填写户编号",
        r"a member row without household_id (户编号) stands beside this household's rows (line \1): it may be one "
        r"of its members, and the household would be scored without it; give that row its household_id (户编号)",
    ),
    (
        re.compile(
            r"^户编号 (.*) is also on line ([\d, ]+), whose 县/乡/村 cannot be read \(see that line's reason\): "
            r"the household is rejected with it, as whether that row is one of its members cannot be told; "
            r"mend that line and score the file again$"
        ),
        r"户编号 \1 也出现在第 \2 行，而该行的县/乡/村无法读取（见该行的原因）：无法判断该行是否为本户成员，"
        r"本户随之被拒收；请修正该行后重新评分",
        r"household_id (户编号) \1 is also on line \2, whose county, township or village cannot be read (see that "
        r"line's reason): the household is rejected with it, as whether that row is one of its members cannot be "
        r"told; mend that line and score the file again",
    ),
    (
        re.compile("^" + re.escape(DUPLICATE_FIRST).replace(re.escape("{line}"), r"(\d+)") + "$"),
        r"户编号重复：每户只能出现一次；该户编号首次出现在第 \1 行",
        r"duplicate household_id (户编号): each household once; first on line \1",
    ),
    (
        re.compile(
            "^"
            + re.escape(DUPLICATE_READ_AS).replace(re.escape("{key}"), "(.*)").replace(re.escape("{line}"), r"(\d+)")
            + "$"
        ),
        r"户编号重复：每户只能出现一次；按代码读取，它就是户编号 \1（.00 之类末尾的零、开头的撇号都不是代码的一部分）；"
        r"该户编号首次出现在第 \2 行",
        r"duplicate household_id (户编号): each household once; read as a code it is household_id (户编号) \1 (a "
        r"tail of zeros such as .00, or an apostrophe before it, is no part of a code); first on line \2",
    ),
    (
        re.compile(
            r"^duplicate 户编号: each household once; 户编号 (.*) also has rows in another 县/乡/村 "
            r"\(from line ([\d, ]+)\): the households sharing it are all rejected, as their rows cannot be told apart "
            r"safely$"
        ),
        r"户编号重复：户编号 \1 在另一个县/乡/村也有成员行（第 \2 行起）；"
        r"共用该户编号的各户都被拒收，因为无法可靠地区分它们的行",
        r"duplicate household_id (户编号) \1: it also has rows in another county, township or village (from line \2); "
        r"the households sharing it are all rejected, as their rows cannot be told apart safely",
    ),
]


@lru_cache(maxsize=4096)
def reason_text(reason: str, lang: str) -> str:
    """A refusal's reason in ``lang`` (see the module's docstring)."""
    fixed = _FIXED_ZH if lang == "zh" else _FIXED_EN
    if reason in fixed:
        return fixed[reason]
    for pattern, zh, en in _PATTERNS:
        # a value quoted in the reason may hold a line break (a cell of two lines): "." crosses it
        match = re.match(pattern.pattern, reason, re.DOTALL) if "\n" in reason else pattern.match(reason)
        if match is not None:
            rewrite = zh if lang == "zh" else en
            return rewrite(match) if callable(rewrite) else match.expand(rewrite)
    if lang == "zh" and reason:
        return f"该值不符合要求（{reason}）"
    return reason
