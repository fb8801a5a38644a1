"""The input's columns: the Chinese or English header of each model field, the required ones, the
personal ones (masked wherever they are written), and the messages a refused cell gets.

>>> ALIASES["户编号"], ALIASES["household_id"]
('household_id', 'household_id')
>>> is_pii_column("户主证件号码"), is_pii_column("联系电话"), masked_cell("户主姓名", "李某华")
(True, True, '李**')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from fanpin.errors import suggest
from fanpin.masking import mask_detail
from fanpin.model.household import Household, HouseholdType, Risk, is_amount
from fanpin.model.values import BLANK, WHITESPACE, excel_text, half_width, mask, mask_numbers

__all__ = [
    "ADD_REGION_OPTION",
    "ADD_REGION_PARAMETER",
    "ALIASES",
    "AMOUNTS",
    "CAUSES",
    "CAUSE_CELL",
    "CAUSE_HEADER_WORDS",
    "COLUMN_NUMBERS_ROW",
    "DERIVED_COLUMNS",
    "DUPLICATE_FIRST",
    "DUPLICATE_ID",
    "DUPLICATE_READ_AS",
    "EMPTY",
    "EMPTY_ID",
    "EMPTY_SIZE",
    "EMPTY_TYPE",
    "EXPORT_NO_REGION",
    "EXPORT_REGION_OPTION",
    "EXPORT_REGION_PARAMETER",
    "FOOTER_COUNT",
    "FOOTER_PATTERN",
    "FOOTER_ROW",
    "FOOTER_WORDS",
    "HEADER_AGAIN",
    "HEALTH_ENGLISH_WORDS",
    "HEALTH_HEADER_WORDS",
    "ID_TWO_WAYS",
    "ID_TWO_WAYS_LATER",
    "MEASURES_HEADERS",
    "MISNAMED_CUTOFF",
    "NOT_A_CAUSE",
    "NOT_A_DETAIL",
    "NOT_A_DOCUMENT",
    "NO_HOUSEHOLD_PATTERN",
    "NO_HOUSEHOLD_STARTS",
    "NO_REGION",
    "NO_REGION_PARAMETER",
    "NUMBERS_LABELS",
    "PII_ACCOUNT_SUBJECTS",
    "PII_ACCOUNT_WORDS",
    "PII_COMPACT_HEADERS",
    "PII_DOCUMENT_WORDS",
    "PII_ENGLISH_WORDS",
    "PII_FIELDS",
    "PII_HEADER_WORDS",
    "PII_HEALTH_WORDS",
    "PII_NAME_WORDS",
    "PII_WHOLE_HEADERS",
    "REQUIRED",
    "REQUIRED_EMPTY",
    "REQUIRED_MONEY",
    "TOTALS_PATTERN",
    "TOTALS_ROW",
    "close_headers",
    "column_numbers",
    "derived_columns",
    "duplicate_reason",
    "empty_reason",
    "header_label",
    "is_cause_column",
    "is_health_column",
    "is_pii_column",
    "masked_cell",
    "misnamed_columns",
    "no_household_reason",
    "renames",
    "repeated_column",
]

#: Chinese or English header (or another header of the same column, 人均纯收入 for 人均纯收入（元）) → the
#: column's English name (the model's first alias). A field with no
#: alias is not a column of the table (the members, which come from the person-level export's rows): a
#: column of that title in a file is not read, but passed through like any other unknown column.
ALIASES: dict[str, str] = {}
for _name, _field in Household.model_fields.items():
    if _field.validation_alias is None:
        continue
    ALIASES[_field.title or _name] = _field.description or _name
    ALIASES[_field.description or _name] = _field.description or _name
    for _other in getattr(_field.validation_alias, "choices", ())[2:]:  # other headers of the same column
        ALIASES[str(_other)] = _field.description or _name
    # The model's own name of the field, where it differs from the column's English name (the model takes
    # reported_income_per_capita for 人均纯收入（元）, whose column is income_per_capita): a dict of
    # Household.model_dump had it read by Scorer.assess and left unread by Scorer.score.
    ALIASES.setdefault(_name, _field.description or _name)

#: The headers of the one column whose cell lists several values, the measures in place (已落实帮扶措施): a
#: dict, a frame or a JSON Lines file may give them as a list (:func:`~fanpin.model.household.joined_measures`).
MEASURES_HEADERS = frozenset(header for header, name in ALIASES.items() if name == "measures_in_place")

#: The columns holding an amount of the household's own (:func:`~fanpin.model.household.is_amount`: money, a
#: count of its people or months): a cell merged over several rows of a table gives several households one
#: amount, and is refused there.
AMOUNTS = frozenset(
    f.description or n for n, f in Household.model_fields.items() if f.validation_alias is not None and is_amount(f)
)

#: The columns every household row must fill (行政区划代码 too, unless a region is given).
REQUIRED = (
    "household_id",
    "household_type",
    "size",
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
)
#: Model fields that hold personal data: never written out unmasked, never read by a rule.
PII_FIELDS = frozenset({"id_number", "head_name"})
#: Words of a header naming a detail of a person's health: 健康状况, and the same under another header (患病情况,
#: 疾病名称, 病情, 病史, 诊断结果, 慢性病病种). Such a column is masked keeping nothing (:func:`is_health_column`).
HEALTH_HEADER_WORDS = ("健康状况", "患病", "疾病", "病情", "病史", "诊断", "病种")
#: Words that mark any other column (an unknown, passed-through one) as personal.
PII_HEADER_WORDS = (
    "证件号",
    "姓名",
    "电话",
    "手机",
    "联系人",
    "身份证",
    *HEALTH_HEADER_WORDS,
    "名字",  # 户主名字, 成员名字
    "身份号",  # 身份号码
    "证件编号",
    "卡号",  # 银行卡号, 社保卡号
    "联系方式",
    # a contact id (邮箱, 电子邮件地址, 微信号, QQ号: QQ is an English word, PII_ENGLISH_WORDS)
    "邮箱",
    "邮件",
    "微信",
    # where a person lives (家庭住址, 现住址, 详细地址, 门牌号): with the village, it names the household's door
    "住址",
    "地址",
    "门牌",
    "phone",
    "mobile",
    "id_card",
    "idcard",
)
#: Words of a header that names a person by their role (配偶, 信息采集人, 开户人, 持卡人, 收款人, 帮扶责任人 …):
#: a name, personal unless the header also says the column is a count, an amount or a yes/no (申请人数:
#: :data:`NOT_A_NAME`).
PII_PERSON_WORDS = (
    "配偶", "采集人", "申请人", "收款人", "代理人", "开户人", "持卡人", "填报人", "责任人", "经办人", "审核人",
    "联络人", "负责人", "户名", "领取人", "担保人", "贷款人", "赡养人", "代表人", "帮扶人", "填表人", "监护人",
    "子女", "父亲", "母亲", "干部", "村医", "spouse",
    # the head by another title, a signature (户主签字, 签名), the village's team and officers (驻村工作队员,
    # 第一书记), and who visited or checked the household (走访人, 核查人)
    "户长", "家长", "户代表", "签字", "签名", "队员", "队长", "书记", "组长", "网格员", "调查人", "核查人", "核实人",
    "走访人", "入户人", "登记人", "录入人", "经手人", "审批人", "确认人", "证明人", "受益人",
)  # fmt: skip
#: Words of a person's health or disability (健康情况, 慢性病, 大病, 残疾类别, 残疾等级): personal unless the
#: header also says the column is an amount, a count, a yes/no or a measure (:data:`NOT_A_DETAIL`).
#: Also a person's body or mind (身体状况, 精神状况, 心理健康), an illness named without 病 (艾滋, 肺癌, 肿瘤,
#: 瘫痪, 感染 …; HIV is an English word, :data:`PII_ENGLISH_WORDS`), a stay in hospital, a pregnancy.
PII_HEALTH_WORDS = (
    "健康", "病", "残疾", "伤残", "身体状", "身体情", "精神状", "精神情", "精神障", "心理", "智力", "艾滋", "癌",
    "肿瘤", "瘫", "失能", "失智", "感染", "传染", "住院", "用药", "服药", "孕", "妊娠", "吸毒",
)  # fmt: skip
#: Words of a header naming an identity document or an account (护照号, 港澳通行证, 社保卡, 银行卡, 一卡通, 存折,
#: 银行账号, 残疾证): personal unless the header says the column is its kind, a yes/no or an amount (证件类型,
#: 是否办理社保卡, 账户余额: :data:`NOT_A_DOCUMENT`).
PII_DOCUMENT_WORDS = (
    "护照", "通行证", "证件", "社保卡", "医保卡", "银行卡", "一卡通", "存折", "账号", "帐号", "账户", "帐户", "户口簿",
    "户口本", "残疾证", "驾驶证", "驾照", "证号",
)  # fmt: skip
#: Words of a header that holds no document's number: 证件类型, 是否有银行卡, 账户余额, 一卡通发放金额.
NOT_A_DOCUMENT = ("类型", "类别", "种类", "是否", "金额", "余额", "存款", "人数", "户数", "数量", "开户行", "银行名称")
#: Words of a header that holds a free-text account (说明, 描述, 详情), and the words that make it one of the
#: household's risks or hardship (致贫/返贫风险说明, 致贫原因说明, 困难情况描述, 家庭情况说明), which tells a
#: member's illness or disability in words (户主患肺癌住院): personal as a whole. A column of notes (备注) is
#: not: its ID and phone numbers are masked, as in any text.
PII_ACCOUNT_WORDS = ("说明", "描述", "详情", "详细情况", "具体情况", "情况介绍")
PII_ACCOUNT_SUBJECTS = ("风险", "致贫", "返贫", "贫困", "原因", "困难", "家庭情况", "户情", "家庭状况")
#: Words of a header that holds no detail of a person: 大病救助金额, 残疾人补贴, 是否因病, 健康帮扶措施.
NOT_A_DETAIL = ("金额", "补贴", "补助", "救助", "报销", "费用", "支出", "收入", "人数", "户数", "是否", "措施", "帮扶")
#: Words of a header that holds no person's name: 申请人数, 配偶收入, 是否有配偶.
NOT_A_NAME = (
    "人数", "户数", "金额", "收入", "支出", "费用", "补贴", "补助", "是否", "数量", "次数", "年龄", "存款", "余额",
    "额", "日期", "时间",
)  # fmt: skip
#: Headers that are personal as a whole (compared without spaces): 户主 names the head of household.
PII_WHOLE_HEADERS = frozenset({"户主", "户主名", "成员", "家庭成员", "健康", "残疾"})
#: English words that make a header personal, as words (``Health Status``, ``disease_name``, ``tel``): a
#: name is personal only by a header of :data:`PII_NAME_WORDS` (``village_name`` is a place).
#: Those of them naming a detail of a person's health (``Health Status``, ``disease_name``): masked keeping nothing.
HEALTH_ENGLISH_WORDS = frozenset(
    {"health", "illness", "disease", "diseases", "diagnosis", "disability", "disabilities", "disabled", "hiv",
     "mental", "psychiatric", "cancer", "pregnancy", "pregnant"}
)  # fmt: skip
PII_ENGLISH_WORDS = HEALTH_ENGLISH_WORDS | frozenset(
    {"tel", "telephone", "phone", "mobile", "contact", "passport", "guardian", "email", "mail", "wechat", "weixin",
     "qq", "signature", "address"}
)  # fmt: skip
#: English headers of an ID number, a name, a card or a contact id, letters and digits only (``ID No.``,
#: ``IDNumber``, ``HeadName``, ``WeChat``: its capital C splits it into words).
PII_COMPACT_HEADERS = frozenset(
    {
        "id",
        "idno",
        "idnum",
        "idnumber",
        "idcard",
        "idcardno",
        "headname",
        "nameofhead",
        "membername",
        "fullname",
        "passportno",
        "passportnumber",
        "cardno",
        "cardnumber",
        "bankcard",
        "bankcardno",
        "accountno",
        "accountnumber",
        "wechat",
        "wechatid",
        "wechatno",
        "emailaddress",
    }
)
#: English headers of a person's name, compared whole, in lower case with ``_`` between words (``Name``,
#: ``Full Name``, ``head_name``); ``village_name`` is a place, and is not among them.
PII_NAME_WORDS = frozenset(
    {"name", "fullname", "full_name", "surname", "first_name", "last_name", "given_name", "head_name", "member_name",
     "person_name", "household_head", "head_of_household", "householder", "contact_person", "signed_by"}
)  # fmt: skip

#: Words of a header of the household's causes of poverty or risks, in words of a vocabulary (主要致贫原因,
#: 致贫原因1, 返贫原因, 致贫/返贫风险6, read by fanpin up to 5): a cause is no person's detail (因病 says a member
#: is ill, as the scored table's 风险类型 does), and a township reports by it, so a cell in the vocabulary
#: (:data:`CAUSE_CELL`) is written as it is; a cell with more (因病（肺癌）, 户主患肺癌) tells a diagnosis, and is
#: masked whole. A header saying the column is a date, a way, a count or a yes/no is no such column.
CAUSE_HEADER_WORDS = ("致贫原因", "返贫原因", "贫困原因", "致贫风险", "返贫风险", "致贫/返贫风险", "致贫返贫风险")
NOT_A_CAUSE = ("时间", "日期", "方式", "是否", "人数", "户数", "金额", "消除")
#: The causes a cause column may name (the national system's 致贫原因 and fanpin's risks, 致贫/返贫风险1 to 5).
CAUSES = (
    *(s for spellings in Risk.spellings().values() for s in spellings if not s.isascii()),
    *("因灾", "因意外", "因婚", "因丧", "因疫", "缺土地", "缺水", "缺技术", "缺劳力", "缺资金", "交通条件落后"),
    "自身发展动力不足",
)
#: A cause column's cell that is written out as it is: one cause or several (因病、因学; 因病,缺劳力), trimmed,
#: a pattern for Python and polars alike.
_CAUSE = "|".join(sorted(map(re.escape, set(CAUSES)), key=len, reverse=True))
CAUSE_CELL = f"^(?:{_CAUSE})(?:[、,，;；/ \u3000]+(?:{_CAUSE}))*$"


def is_cause_column(header: str) -> bool:
    """Whether a passed-through column holds the household's causes of poverty or risks in words
    (:data:`CAUSE_HEADER_WORDS`): its cells in the vocabulary are written as they are, any other masked whole.

    >>> is_cause_column("主要致贫原因"), is_cause_column("致贫/返贫风险1"), is_cause_column("风险消除时间")
    (True, False, False)
    """
    if header in ALIASES:  # 致贫/返贫风险1 to 5: read, each cell a risk of the vocabulary
        return False
    compact = "".join(header.split())
    return any(w in compact for w in CAUSE_HEADER_WORDS) and not any(w in compact for w in NOT_A_CAUSE)


REQUIRED_EMPTY = "required value is empty; write 0 if the household had none"
#: Why another required cell left empty is refused (no 0 stands for none), where no fix of its own is given.
EMPTY = "required value is empty"
#: The required money columns: an income the household did not have is written 0.
REQUIRED_MONEY = frozenset({"wage_income", "business_income", "property_income", "transfer_income"})
#: Why an empty 户编号, 户类型 or 家庭人口数 is refused, each with what to write there: the errors file's reason
#: had said "required value is empty" alone, which told the clerk nothing of the fix.
EMPTY_ID = "required value is empty: each household needs its household_id (户编号); fill it in"
EMPTY_TYPE = "required value is empty; write one of " + ", ".join(t.label for t in HouseholdType)
EMPTY_SIZE = "required value is empty; write how many people the household has, such as 4"
_EMPTY_FIXED = {"household_id": EMPTY_ID, "household_type": EMPTY_TYPE, "size": EMPTY_SIZE}


def empty_reason(field: str) -> str:
    """Why the required cell ``field`` (a model field) left empty is refused: money is written 0 when
    there was none; 户编号, 户类型 and 家庭人口数 have no such value, and are told what to write.

    >>> empty_reason("wage_income")
    'required value is empty; write 0 if the household had none'
    >>> empty_reason("household_type")
    'required value is empty; write one of 脱贫户, 一般农户'
    """
    return REQUIRED_EMPTY if field in REQUIRED_MONEY else _EMPTY_FIXED.get(field, EMPTY)


DUPLICATE_ID = "duplicate 户编号: each household once"
#: Why a later row of a household table repeating an earlier valid row's 户编号 is refused, naming the line of the
#: first row of it (``{line}``), as the errors file counts lines: the reason had not said where that row was,
#: which a clerk could not find among tens of thousands of rows.
DUPLICATE_FIRST = DUPLICATE_ID + "; first on line {line}"
#: :data:`DUPLICATE_FIRST` of a row whose 户编号 cell is written otherwise than the code it is read as (``5.00``,
#: ``'5``: :func:`~fanpin.model.values.code_text`), with that code (``{key}``): the errors file shows the cell as
#: written, where it had shown the code, which the clerk could not find in the file.
DUPLICATE_READ_AS = (
    "duplicate 户编号: each household once; read as a code it is 户编号 {key} (a tail of zeros such as .00, or an "
    "apostrophe before it, is no part of a code); first on line {line}"
)


def duplicate_reason(written: str, key: str, first: int) -> str:
    """Why a row repeating the 户编号 ``key`` (as read) of an earlier one, whose line is ``first``, is refused, its
    cell ``written`` as the file writes it: :data:`DUPLICATE_FIRST`, naming the code it is read as where the cell
    (trimmed) is another text (:data:`DUPLICATE_READ_AS`).

    >>> duplicate_reason(" 5 ", "5", 17)
    'duplicate 户编号: each household once; first on line 17'
    >>> duplicate_reason("5.00", "5", 2).split("; ")[1][:26], duplicate_reason("5.00", "5", 2).split("; ")[-1]
    ('read as a code it is 户编号 5', 'first on line 2')
    """
    if written.strip() == key:
        return DUPLICATE_FIRST.format(line=first)
    return DUPLICATE_READ_AS.format(key=key, line=first)


#: Why the rows of a household table whose 户编号 is one id written two ways (H2, and H2 with an invisible
#: character, in full-width letters, as h2 or as H 2: as the person-level export groups them,
#: fanpin.io.keys.id_key_text)
#: are all refused: which of them is the household, or whether they are two, cannot be told (each had been
#: scored as its own).
ID_TWO_WAYS = (
    "duplicate 户编号 written two ways, with full-width characters, an invisible character, a space inside or a letter "
    "in the other case: every row of it is refused, as which is the household cannot be told; write each household's "
    "户编号 once, the same way"
)
#: Why a later row of a 户编号 written two ways is refused where its first row was scored already and the run
#: cannot be made again (its output went to a device or a pipe): ID_TWO_WAYS would say every row was refused.
ID_TWO_WAYS_LATER = (
    "duplicate 户编号 written two ways, with full-width characters, an invisible character, a space inside or a letter "
    "in the other case: this later row is refused, its first row was scored (the output went to a device or a pipe, "
    "which cannot be written again); write each household's 户编号 once, the same way"
)
#: Why a row that repeats the header row is refused (files joined into one keep each one's header).
HEADER_AGAIN = "this row repeats the header row (two files joined into one?): delete it"
#: Why a spreadsheet's totals row is refused, with one reason, where each empty required cell had had its own.
TOTALS_ROW = "this row is a totals row (合计), not a household: delete it"
#: The first characters of a totals row's words (合计, 总计, 小计).
_TOTALS_STARTS = "合总小"
#: A totals row's 户编号 or first cell: 合计, 总计 or 小计 (a space between the two characters allowed), and
#: whatever follows (合计：, 合计（户）, 合计 320 户), a pattern for Python and polars alike.
TOTALS_PATTERN = f"^[{_TOTALS_STARTS}][ \u3000]?计"
#: Why a form's footer row is refused (who filled it in, who checked it, on which day, a note under the table):
#: one reason, and no 户编号 shown, where its first cell (填表人：张三, a person's name) had been shown as the
#: 户编号 of every reason of the row.
FOOTER_ROW = (
    "this row is the form's footer (填表人, 审核人, a count such as 共6户, a date or a note), "
    "not a household: delete it"
)
#: The words a form's footer row starts with, in its 户编号 or first cell (:data:`FOOTER_ROW`).
FOOTER_WORDS = (
    *("填表人", "填报人", "制表人", "审核人", "审核", "复核人", "负责人", "经办人", "统计人", "联系人", "联系电话"),
    # the form's maker and head of unit written without 人 (制表：张三), and its counts (总人数：14); a count
    # written 共6户14人 is FOOTER_COUNT, as a county's name may start with 共 (共和县)
    *("制表：", "制表:", "单位负责人", "主要负责人", "总人数", "总户数"),
    *("填表日期", "填报日期", "制表日期", "统计日期", "填表单位", "填报单位", "制表单位"),
    *("说明：", "说明:", "注：", "注:", "备注：", "备注:"),
)
#: A footer counting the form's households or people: 共, then a number of households (户) or people (人), with
#: spaces or not, in ASCII, full-width or Chinese digits, 共计 or 共有 and a colon allowed before it (共6户14人,
#: 共 6 户, 共６户, 共计：3户, 共十二人). A place's name starting with 共 (共和县, 共青城市) has no number after it,
#: and is read as data.
_COUNT_DIGITS = "0-9\uff10-\uff19\u3007零一二两三四五六七八九十百千万"
FOOTER_COUNT = f"共[ \u3000]*[计有]?[ \u3000]*[：:]?[ \u3000]*[{_COUNT_DIGITS}][{_COUNT_DIGITS},，]*[ \u3000]*[户人]"
#: :data:`FOOTER_WORDS` or :data:`FOOTER_COUNT` at the start of a cell, a pattern for Python and polars alike.
FOOTER_PATTERN = "^(?:" + "|".join([*(re.escape(w) for w in FOOTER_WORDS), FOOTER_COUNT]) + ")"


def no_household_reason(cell: str) -> str | None:
    """Why a row whose 户编号 or first cell is ``cell`` is no household (:data:`TOTALS_ROW`,
    :data:`FOOTER_ROW`), or None.

    >>> no_household_reason("合计：320户"), no_household_reason("填表人：张三") == FOOTER_ROW, no_household_reason("H1")
    ('this row is a totals row (合计), not a household: delete it', True, None)
    """
    if not cell or cell[0] not in NO_HOUSEHOLD_STARTS:  # a 户编号 of digits: every member row of an export
        return None
    text = cell.strip(WHITESPACE)
    if _TOTALS.match(text):
        return TOTALS_ROW
    return FOOTER_ROW if _FOOTER.match(text) else None


_TOTALS, _FOOTER = re.compile(TOTALS_PATTERN), re.compile(FOOTER_PATTERN)
#: The characters a cell :func:`no_household_reason` tells of may start with: whitespace, or the first character
#: of a totals row's word (合, 总, 小) or of a footer's word: a cell starting with any other is no totals row nor
#: footer, without a pattern (the person-level export asks it of each member row).
NO_HOUSEHOLD_STARTS = frozenset(WHITESPACE + _TOTALS_STARTS + "共" + "".join(word[0] for word in FOOTER_WORDS))
#: A trimmed cell :func:`no_household_reason` tells of: :data:`TOTALS_PATTERN` or :data:`FOOTER_PATTERN`, one
#: pattern for polars.
NO_HOUSEHOLD_PATTERN = f"(?:{TOTALS_PATTERN})|(?:{FOOTER_PATTERN})"


#: Why a form's row of column numbers (栏次: 1, 2, 3, … under the header, as a form made in Excel carries) is
#: refused: one reason, where its numbers had been read as a household's or a member's values (the export's
#: run stopped at its two copies of 风险是否已消除 holding 61 and 103).
COLUMN_NUMBERS_ROW = (
    "this row is the form's column numbers (栏次: 1, 2, 3, … under the header), not a household: delete the row "
    "of column numbers under the header"
)
#: What a row of column numbers may hold before its first number: the word 栏次, or the signs a form numbers
#: its columns of words with (甲, 乙, 丙, 丁).
NUMBERS_LABELS = ("栏次", "甲", "乙", "丙", "丁")
#: The fewest numbers a row of column numbers holds, and the most its first may be.
_FEWEST_NUMBERS = _FIRST_NUMBER = 3
#: A column number is at most this many digits long (a longer one is no column's).
_NUMBER_DIGITS = 4
#: A small number a sheet shows as a date, its cell formatted as dates (a column of dates, 出生日期): a day of the
#: first months of 1900, or of 1904 in a workbook of Excel's 1904 date system (11 is 1900-01-11, 1900/1/11 as a
#: CSV saved from the sheet writes it).
_SHEET_DAY = re.compile(r"(?:1900|1904)[-/.]0?[1-5][-/.][0-9]{1,2}(?:[ T]0?0:00(?::00)?)?")


def column_numbers(cells: Sequence[str], header: Sequence[str]) -> bool:
    """Whether a row is a form's row of column numbers (栏次), under the ``header`` (the names of its columns):
    every filled cell is a whole number (digits alone, ASCII or full-width; a sheet's ``3.0`` is 3), each
    greater than the one before it, the first at most 3 (numbered from 1, or from 0 or 2 where a form starts
    so); 栏次, 甲, 乙, 丙 or 丁 may stand before the first (:data:`NUMBERS_LABELS`); and they are at least three.
    Empty cells are allowed anywhere (a column left unnumbered); a number a sheet shows as a date of 1900 (its
    column formatted as dates) is passed over as a cell left empty. Numbers filling at least half of the
    header's named columns may skip (columns deleted after the form was numbered); fewer (the first twelve of
    thirty columns numbered and the rest left blank, as merged cells leave them, or numbers on some columns
    only) must each be at most the place of its cell in the row (:func:`_in_step`). A row of data holds a name,
    a date, a code or words somewhere (户类型, 与户主关系), or amounts that do not increase so: none is read as
    one.

    >>> column_numbers(["1", "2", "3", "4"], "abcd"), column_numbers(["栏次", "1", "", "\uff13", "4.0"], "abcde")
    (True, True)
    >>> column_numbers(["1", "2", "2", "4"], "abcd"), column_numbers(["H1", "2", "3", "4"], "abcd")
    (False, False)
    >>> column_numbers(["1", "2", "3", "", "", "", "", ""], "abcdefgh"), column_numbers(["5", "6", "7"], "abc")
    (True, False)
    >>> column_numbers(["1", "2", "7", "", "", "", "", ""], "abcdefgh")
    False
    >>> column_numbers(["1", "", "3", "", "5", "", "", ""], "abcdefgh")
    True
    >>> column_numbers(["1", "2", "1900-01-03", "4"], "abcd"), column_numbers(["1", "2", "1980-01-03", "4"], "abcd")
    (True, False)
    """
    numbers: list[int] = []
    places: list[int] = []
    for place, cell in enumerate(cells, start=1):
        if not cell or not cell.strip(BLANK):
            continue
        text = excel_text(half_width(cell.strip(BLANK)))
        if text.isascii() and text.isdigit() and len(text) <= _NUMBER_DIGITS:
            number = int(text)
            if numbers and number <= numbers[-1]:
                return False
            numbers.append(number)
            places.append(place)
        elif _SHEET_DAY.fullmatch(text):
            continue
        elif numbers or text not in NUMBERS_LABELS:
            return False
    if len(numbers) < _FEWEST_NUMBERS or numbers[0] > _FIRST_NUMBER:
        return False
    named = sum(1 for name in header if name)
    return 2 * len(numbers) >= named or _in_step(numbers, places)


def _in_step(numbers: Sequence[int], places: Sequence[int]) -> bool:
    """Whether rising ``numbers`` that number fewer than half of a row's columns are column numbers: none is
    greater than the place of its cell in the row (1 for the first cell). A form numbers its columns from its
    first, and a cell left blank, a label (栏次, 甲, 乙) or a number merged over two columns only puts the
    numbers behind their places, never ahead: a few small numbers rising far faster than the columns (a
    household 1 of 3 people and 5000 元) are no form's. Numbers that skip where no cell is left for them
    (columns deleted after the form was numbered) are taken only where they fill half of the columns.

    >>> _in_step([1, 2, 3], [1, 2, 3]), _in_step([1, 2, 3], [2, 3, 5]), _in_step([1, 3, 50], [1, 4, 5])
    (True, True, False)
    """
    return all(number <= place for number, place in zip(numbers, places, strict=True))


#: The reason a JSON Lines line is refused whose bytes are not UTF-8: JSON Lines are UTF-8 text, so a file of them
#: written as GBK (a script on Chinese Windows, not told to write UTF-8) mixes nothing, and no Excel saves it; it
#: had been told a CSV's reason, to save the whole file again as CSV UTF-8 from Excel.
JSONL_NOT_UTF8 = "this line is not UTF-8 text: a JSON Lines file is UTF-8; write the file again as UTF-8 text"


#: A household with no 行政区划代码 in a run given no region (``--region``): which region's parameters
#: apply cannot be told, so it is refused, as a missing column would stop the run.
NO_REGION = (
    "required value is empty: 行政区划代码 picks the parameters of the household's region; fill it in, or pass --region"
)
#: The fix of a table without 行政区划代码 that also asks for no region: a host's parameter (``region=``), and the
#: command's option, which ``fanpin`` names instead (:func:`fanpin.cli`'s errors).
ADD_REGION_PARAMETER = (
    "add the column(s); for 行政区划代码 you may instead pass region= (it picks the parameters of the households' "
    "region)"
)
ADD_REGION_OPTION = "add the column(s); for 行政区划代码 you may instead pass --region CODE"
#: … as a host's call (``Scorer.score``) states it: its parameter, where the command's is ``--region``.
NO_REGION_PARAMETER = NO_REGION.removesuffix("--region") + "region="
#: A person-level export without 行政区划代码 in a run given no region: the national system's export names its places
#: (县, 乡, 村), never their codes, so its fix is the region to score it in (a column it cannot export is no fix),
#: in the command's words and (``EXPORT_REGION_PARAMETER``) a host's.
EXPORT_NO_REGION = (
    "no region for the households: a person-level export names its places (县, 乡, 村), not their codes, "
    "and it has no 行政区划代码 column"
)
EXPORT_REGION_OPTION = (
    "pass --region CODE for the whole file: the county's six-digit code (e.g. 532328), a township's nine-digit one "
    "or a village's twelve-digit one (region= in the library); or add a 行政区划代码 column with each row's code"
)
EXPORT_REGION_PARAMETER = (
    "pass region=CODE for the whole file: the county's six-digit code (e.g. 532328), a township's nine-digit one "
    "or a village's twelve-digit one; or add a 行政区划代码 column with each row's code"
)


def repeated_column(header: Sequence[str]) -> tuple[int, int] | None:
    """The 1-based positions of the first two columns that name one thing (工资性收入 twice, or
    wage_income beside 工资性收入), or None. Reading both would leave one of them unread.

    >>> repeated_column(["户编号", "工资性收入", "备注", "wage_income"]), repeated_column(["a", "b"])
    ((2, 4), None)
    """
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name:
            key = ALIASES.get(name, name)
            if key in seen:
                return seen[key], position
            seen[key] = position
    return None


#: How close (difflib's ratio) a header fanpin does not read must be to a column's header to be taken
#: for a misspelling of it: 合规自负支出 for 合规自付支出 is 0.83, 工资收入 for 工资性收入 0.89.
MISNAMED_CUTOFF = 0.75


def misnamed_columns(header: Sequence[str], present: Collection[str]) -> list[tuple[str, str]]:
    """``(header, column)`` for each header fanpin does not read that is close to the header of a column
    the file lacks (``present``: the fields the file has): most likely that column, misspelt. Read as
    written, it would be passed through unread and its fact would be unknown on every row, without a word.

    >>> misnamed_columns(["户编号", "合规自负支出", "备注"], {"household_id"})
    [('合规自负支出', '合规自付支出')]
    >>> misnamed_columns(["户编号", "合规自负支出", "合规自付支出"], {"household_id", "medical_out_of_pocket"})
    []
    """
    return close_headers([h for h in header if h not in ALIASES and h not in DERIVED_COLUMNS], ALIASES, present)


#: A derived value's Chinese title and English name → its name (人均纯收入 → income_per_capita): fanpin
#: computes it from the other columns, so a column of that name is not read (and is no misspelling).
DERIVED_COLUMNS: dict[str, str] = {
    key: name for name, info in Household.model_computed_fields.items() for key in (name, info.title or name)
}


def derived_columns(header: Sequence[str]) -> list[tuple[str, str]]:
    """``(header, name)`` for each header naming a value fanpin derives (:data:`DERIVED_COLUMNS`).

    >>> derived_columns(["户编号", "家庭纯收入", "人均纯收入", "备注"])  # 人均纯收入 is read: 人均纯收入（元）
    [('家庭纯收入', 'net_income')]
    """
    return [(h, DERIVED_COLUMNS[h.strip()]) for h in header if h.strip() in DERIVED_COLUMNS and h not in ALIASES]


def close_headers(
    unread: Iterable[str], known: Mapping[str, str], present: Collection[str], key: Callable[[str], str] = str
) -> list[tuple[str, str]]:
    """``(header, known header)`` for each ``unread`` header whose ``key`` is close (:data:`MISNAMED_CUTOFF`)
    to a ``known`` header (header → field) of a field not ``present``; the person-level export compares
    its headers as it reads them (``key``: its normalised form)."""
    absent = [h for h, f in known.items() if f not in present]
    found = []
    for name in unread:
        near = suggest(key(name), absent, cutoff=MISNAMED_CUTOFF) if name else None
        if near is not None:
            found.append((name, near))
    return found


def renames(header: Sequence[str], present: Collection[str], missing: Collection[str]) -> list[str]:
    """For the refusal of a table without the ``missing`` columns: ``rename 家庭人口 to 家庭人口数`` for each
    header close to one of theirs (:func:`misnamed_columns`), personal numbers in it masked."""
    return [
        f"rename {mask_numbers(name)} to {near}"
        for name, near in misnamed_columns(header, present)
        if ALIASES[near] in missing
    ]


def header_label(name: str) -> str:
    """``家庭人口数 (size)``: how messages name a column, by its English name (the values of
    :data:`ALIASES`: ``income_per_capita`` is 人均纯收入（元）, the model's ``reported_income_per_capita``).

    >>> header_label("size"), header_label("income_per_capita")
    ('家庭人口数 (size)', '人均纯收入（元） (income_per_capita)')
    """
    return f"{_TITLES[name]} ({name})"


#: A column's English name → its Chinese header.
_TITLES = {f.description or n: f.title or n for n, f in Household.model_fields.items() if f.validation_alias}


@functools.lru_cache(maxsize=4096)
def is_pii_column(header: str) -> bool:
    """Whether a column is personal by its header: a personal column of the model (户主证件号码, 户主姓名),
    a header with one of :data:`PII_HEADER_WORDS` in it or one of :data:`PII_NAME_WORDS`, or one close enough to
    a personal column's header to be taken for it misspelt (户主名字 for 户主姓名: the note the run prints
    names it so, and its cells are masked as that column's would be)."""
    if header in ALIASES:  # a column of the model: personal when its field is (大病重病人数 is a count)
        return ALIASES[header] in PII_FIELDS
    lowered = header.lower()
    compact = "".join(lowered.split())  # 姓 名, 姓　名 (a full-width space), as forms lay a header out
    if any(word in compact for word in PII_HEADER_WORDS) or compact in PII_WHOLE_HEADERS:
        return True
    if any(word in compact for word in PII_HEALTH_WORDS) and not any(word in compact for word in NOT_A_DETAIL):
        return True
    if any(word in compact for word in PII_PERSON_WORDS) and not any(word in compact for word in NOT_A_NAME):
        return True
    if any(word in compact for word in PII_DOCUMENT_WORDS) and not any(word in compact for word in NOT_A_DOCUMENT):
        return True
    if any(word in compact for word in PII_ACCOUNT_WORDS) and any(word in compact for word in PII_ACCOUNT_SUBJECTS):
        return True
    if re.sub(r"[^a-z0-9]+", "_", lowered).strip("_") in PII_NAME_WORDS:
        return True
    if re.sub(r"[^a-z0-9]+", "", lowered) in PII_COMPACT_HEADERS:
        return True
    if not PII_ENGLISH_WORDS.isdisjoint(_english_words(header)):
        return True
    return any(ALIASES[near] in PII_FIELDS for _, near in close_headers([header], ALIASES, ()))


@functools.lru_cache(maxsize=4096)
def is_health_column(header: str) -> bool:
    """Whether a column fanpin does not read holds a detail of a person's health (健康状况, 患病情况, 残疾类别,
    ``Health Status``), whose cells are masked keeping nothing (:func:`~fanpin.masking.mask_detail`): a personal
    column by :data:`PII_HEALTH_WORDS` that names no document (残疾证号 is a number, masked as one).

    >>> [is_health_column(h) for h in ("健康状况", "患病情况", "Health Status", "残疾证号", "大病救助金额")]
    [True, True, True, False, False]
    """
    if header in ALIASES:  # a column of the household table: none holds a person's health
        return False
    lowered = header.lower()
    compact = "".join(lowered.split())
    if any(word in compact for word in PII_DOCUMENT_WORDS):
        return False
    if compact in ("健康", "残疾") or any(word in compact for word in HEALTH_HEADER_WORDS):
        return True
    if any(word in compact for word in PII_HEALTH_WORDS) and not any(word in compact for word in NOT_A_DETAIL):
        return True
    return not HEALTH_ENGLISH_WORDS.isdisjoint(_english_words(header))


def _english_words(header: str) -> list[str]:
    """A header's English words, in lower case (``HealthStatus`` is health and status)."""
    return re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", header).lower())


def masked_cell(header: str, value: str) -> str:
    """A cell as fanpin writes it out: a personal column masked whole (a health detail keeping nothing), any
    other with the ID and mobile numbers in its text masked (:func:`~fanpin.model.values.mask_numbers`)."""
    if value and is_health_column(header):
        return mask_detail(value)
    if value and is_pii_column(header):
        return mask(value)
    if value and is_cause_column(header) and not re.fullmatch(CAUSE_CELL, value.strip(WHITESPACE)):
        return mask(value)  # 因病（肺癌）: a diagnosis beside the cause
    return mask_numbers(value)
