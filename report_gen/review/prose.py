"""The review's Vietnamese prose built from the shared figures: each section's sentences (the
catalogue's sandboxed templates filled with the province figures and their comparisons), the
leading and lagging units, and the sentence on completeness and timeliness."""

from __future__ import annotations

from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from report_gen import text as vn
from report_gen.text import in_sentence
from report_gen.model import MISSING, UNIT_REJECTED, Consolidation
from report_gen.review.figures import DETAIL_UNITS, figures, unit_shares


def _sentence_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def section_sentences(cons: Consolidation, section) -> Markup:
    """The section's summary template filled with the province figures. The comparisons with
    last year are those of figures(cons).changes: like for like when some units have no figures
    this year, and then the first comparison of the section says on which units (or, when none
    can be made, one sentence at the end says why there is none)."""
    v = cons.agg.province
    active = set(cons.settings.catalogue.codes(cons.year))
    fig = figures(cons)
    changes = fig.changes or {}
    # The share of the communes of the units whose figures are in the totals: a unit without
    # figures is not "0 communes out of its own".
    reported = set(cons.agg.reported_units)
    note = basis_phrase(cons)
    missed = []  # a comparison asked for and not made: no like-for-like base

    def fmt(x, unit):
        """The figure with its unit; a province figure that misses a unit that sent its report
        says so where it stands: "1.135 người (chưa gồm số liệu của thành phố Cẩm Phả)"."""
        text = vn.quantity(x, unit)
        blank = fig.incomplete.get(getattr(x, "code", ""))
        return f"{text} ({not_included(blank)})" if blank else text

    def cmp(code, unit=None):
        """ ", tăng 12 mô hình (15,2 %) so với năm 2011", ", bằng năm 2011",
        " (năm 2011 không có)" or "" when the previous year is not known."""
        ind = cons.settings.catalogue.get(code)
        c = changes.get(code)
        if c is not None and c.diff is None and fig.basis and not fig.basis.formed:
            missed.append(code)
        phrase = vn.compare(c.current, c.previous, unit or (ind.unit if ind else ""),
                            cons.year - 1) if c is not None and c.diff is not None else ""
        if not phrase:
            return ""
        if phrase.startswith("("):
            return f" {phrase}"
        return f", {phrase}{_MARK if note else ''}"

    def share(code):
        x = v.get(code)
        blank = {u.code for u in fig.incomplete.get(code, ())}
        communes = sum(u.communes for u in fig.expected
                       if u.code in reported and u.code not in blank)
        if x is None or not communes:
            return ""
        return "bằng " + vn.percent(x / communes)

    def change(code, unit=None):
        """The comparison as a predicate: "tăng 12 mô hình (15,2 %) so với năm 2011"."""
        phrase = cmp(code, unit)
        if phrase.startswith(" ("):
            ind = cons.settings.catalogue.get(code)
            return f"tăng {vn.quantity(v.get(code), unit or (ind.unit if ind else ''))}{phrase}"
        return phrase[2:]

    def ranking(code, what=""):
        return unit_ranking(cons, code, what)

    template = _sentence_env().from_string(section.summary)
    text = template.render(v=_Values(v), fmt=fmt, cmp=cmp, change=change, share=share,
                           ranking=ranking,
                           active=active)
    if note:  # said once, after the first comparison the section shows (a template may
        # call cmp only to test it, so the text rendered decides which one that is)
        text = text.replace(_MARK, f" ({escape(note)})", 1).replace(_MARK, "")
    if missed:
        return Markup(text) + " " + no_comparison_sentence(cons)
    return Markup(text)


# Marks each like-for-like comparison in a rendered section; the first shown gets the note.
_MARK = "\ue000"


def _names(units, limit: int) -> str:
    return vn.join([in_sentence(u.name) for u in units], limit)


# At most this many units are named at a figure that misses them, then "và N đơn vị khác".
NAMED_AT_FIGURE = 3


def not_included(units, limit: int = NAMED_AT_FIGURE) -> str:
    """What a province figure leaves out, said at the figure: "chưa gồm số liệu của thành phố
    Cẩm Phả" (the units that sent a report and left the figure blank or invalid)."""
    return f"chưa gồm số liệu của {_names(units, limit)}"


def incomplete_figures(cons: Consolidation, limit: int = NAMED_AT_FIGURE) -> list[str]:
    """Each province figure that misses a unit that sent its report, for the draft box:
    "Công an xã (thiếu thành phố Cẩm Phả)", in catalogue order. Units that sent nothing are
    not repeated here: the draft box names them once."""
    cat = cons.settings.catalogue
    return [f"{cat.get(code).label} (thiếu {_names(units, limit)})"
            for code, units in figures(cons).incomplete.items()]


def basis_phrase(cons: Consolidation, limit: int = 3) -> str:
    """On which units the changes are computed when some have no figures this year: "so sánh
    trên 14 đơn vị gửi báo cáo cả hai năm, chưa tính huyện Cô Tô"; after a new map, on the
    ground of the units that reported ("so sánh trên địa bàn của 53 đơn vị đã báo cáo, chưa
    tính địa bàn của xã Cái Chiên"); "" when all reported."""
    basis = figures(cons).basis
    if basis is None or not basis.formed:
        return ""
    if figures(cons).reorganised:
        return f"so sánh trên cùng địa bàn, chưa tính {_areas_out(cons, limit)}"
    return (f"so sánh trên {len(basis.units)} đơn vị gửi báo cáo cả hai năm, chưa tính "
            f"{_names(basis.left_out, limit)}")


def _areas_out(cons: Consolidation, limit: int) -> str:
    """The ground left out of a like-for-like comparison after a new map, and why: "địa bàn
    huyện Hải Hà cũ vì xã Cái Chiên chưa có số liệu năm 2025"."""
    basis = figures(cons).basis
    reported = set(cons.agg.reported_units)
    before = cons.previous_units or {}
    olds = [u for a in basis.areas_left_out for u in a.previous]
    absent = [u for a in basis.areas_left_out for u in a.current if u.code not in reported]
    unknown = [u for u in olds if u.code not in before]
    why = []
    if absent:
        why.append(f"{_names(absent, limit)} chưa có số liệu năm {cons.year}")
    if unknown:
        why.append(f"chưa có số liệu năm {cons.year - 1} của {_names(unknown, limit)}")
    return f"địa bàn {_names(olds, limit)} cũ" + (f" vì {' và '.join(why)}" if why else "")


def new_map_note(cons: Consolidation) -> str:
    """In the first year of a new map: why some figures state no change (those that are not
    Indicator.across_maps); "" in any other year."""
    units = cons.settings.units
    year, py = cons.year, cons.year - 1
    inds = cons.settings.catalogue.for_year(year)
    if not figures(cons).reorganised:
        return ""
    notes = []
    if any(i.of == "communes" for i in inds):
        words = cons.settings.catalogue.words_of(year).get("communes", "xã, phường")
        then = sum(u.communes for u in units.in_year(py).active(py))
        now = sum(u.communes for u in units.active(year))
        notes.append(f"Các chỉ tiêu đếm số {words} không tính tăng, giảm so với năm {py} vì "
                     f"số đơn vị cấp xã đã thay đổi khi sắp xếp lại ({vn.number(then)} đơn vị "
                     f"năm {py}, {vn.number(now)} đơn vị năm {year}).")
    for i in inds:
        if i.new_map_note:
            notes.append(f"Chỉ tiêu “{i.label}” không tính tăng, giảm so với năm {py} vì "
                         f"{i.new_map_note}.")
    return " ".join(notes)


def reorganisation_sentence(cons: Consolidation) -> str:
    """Said once in a review of the first year of a new map: the province figures compare with
    last year, the units' own do not ("" in any other year)."""
    units = cons.settings.units
    if not figures(cons).reorganised:
        return ""
    year, py = cons.year, cons.year - 1
    now = units.in_year(year).active(year)
    kept = {u.code for u in now}
    formed = [u for u in now if u.formed_from and not u.active(py)]
    ended = [u for u in units.in_year(py).active(py) if u.code not in kept]
    since = min((u.valid_from for u in formed if u.valid_from), default=None)
    when = f"Từ ngày {vn.short_date(since)}" if since else f"Từ năm {year}"
    return (f"{when}, các đơn vị hành chính đã được sắp xếp lại: {len(formed)} "
            f"{units.units_word(formed)} báo cáo trực tiếp, thay cho {len(ended)} "
            f"{units.units_word(ended)} trước đây. Số liệu toàn tỉnh năm {year} được so sánh với "
            f"năm {py}; số liệu của từng đơn vị không so sánh được với năm {py} vì địa bàn đã "
            f"thay đổi (bảng tổng hợp Excel đối chiếu theo địa bàn các đơn vị cũ).")


def no_comparison_sentence(cons: Consolidation, limit: int = 3) -> str:
    """Why no change is stated when some units have no figures this year and last year's figures
    of the others are not on record (so nothing compares like for like)."""
    fig = figures(cons)
    missing = set(cons.agg.missing_units)
    absent = [u for u in fig.expected if u.code in missing]
    return (f"Chưa so sánh với năm {cons.year - 1} vì số liệu năm {cons.year} còn thiếu "
            f"{_names(absent, limit)} và chưa có số liệu năm {cons.year - 1} của từng đơn vị "
            f"để so sánh cùng phạm vi.")


def unit_ranking(cons: Consolidation, code: str, what: str = "") -> str:
    """Leading and lagging units by the share of their communes counted in `code` (e.g. the
    communes reaching "An toàn về ANTT"): a sentence, or "" when there is nothing to tell."""
    shares = unit_shares(cons, code)
    if len(shares) < 2 or all(u.communes == 1 for _s, u in shares):
        return ""  # units that answer for themselves: the share of the province says it all
    hi = max(s for s, _u in shares)
    lo = min(s for s, _u in shares)
    if hi == lo:
        if hi < 1:
            return ""
        word = cons.settings.units.units_word(u for _s, u in shares)  # "đơn vị cấp huyện"
        return (f" Tất cả {len(shares)} {word} đều có 100 % {what}."
                if what else f" Tất cả {len(shares)} {word} đều đạt tỷ lệ 100 %.")

    def names(level):
        group = [in_sentence(u.name) for s, u in shares if s == level]
        return vn.join(group) if len(group) <= 4 else f"{len(group)} đơn vị"
    what = f" {what}" if what else ""
    return (f" Tỷ lệ{what} cao nhất là {names(hi)} ({vn.percent(hi)}); "
            f"thấp nhất là {names(lo)} ({vn.percent(lo)}).")


class _Values(dict):
    """Province figures for templates: a code that is not on the form reads as None; a number
    remembers its code (`fmt` tells from it whether the figure misses a unit)."""

    def __getattr__(self, name):
        x = self.get(name)
        if x is None or isinstance(x, bool):
            return x
        tagged = _Int(x) if isinstance(x, int) else _Float(x)
        tagged.code = name
        return tagged


class _Int(int):
    code = ""


class _Float(float):
    code = ""


def comparison_note(cons: Consolidation) -> str:
    """The appendix's note when some units have no figures this year: which units the two
    columns sum (like for like) and who is left out, or why no change is shown; "" when every
    unit reported (the columns are then the province totals)."""
    basis = figures(cons).basis
    extra = new_map_note(cons)
    if basis is None:
        return extra
    if not basis.formed:
        return " ".join(filter(None, [no_comparison_sentence(cons, DETAIL_UNITS), extra]))
    names = _names(basis.left_out, DETAIL_UNITS)
    if figures(cons).reorganised:
        return (f"Do chưa đủ số liệu năm {cons.year} của các đơn vị, số liệu hai năm trong bảng "
                f"là tổng trên cùng địa bàn: năm {cons.year} của {len(basis.units)} đơn vị đã "
                f"báo cáo, năm {cons.year - 1} của các đơn vị cũ trên địa bàn đó; chưa tính "
                f"{_areas_out(cons, DETAIL_UNITS)}. {extra}").strip()
    return (f"Do chưa đủ số liệu năm {cons.year} của các đơn vị, số liệu năm {cons.year - 1} và "
            f"năm {cons.year} trong bảng là tổng của {len(basis.units)} đơn vị gửi báo cáo cả "
            f"hai năm (so sánh cùng phạm vi), chưa tính {names}.")


def completeness(cons: Consolidation) -> dict:
    """Units reported against units expected, those missing or rejected named, and, when a
    deadline is configured, who reported on time and who late (by the unit's first submission:
    the date on the report, else the file's modification time). An on-time unit whose corrected
    copy came after the deadline is named apart, as a correction, not as late."""
    fig = figures(cons)
    year = cons.year
    expected = fig.expected
    order = {u.code: i for i, u in enumerate(expected)}
    timing = sorted((t for t in fig.timeliness.values() if t.late is not None),
                    key=lambda t: order.get(t.unit, len(order)))
    reported = fig.reported
    sentence = (f"Đã có {reported}/{len(expected)} đơn vị gửi báo cáo số liệu năm {year} "
                f"({vn.percent(reported / len(expected)) if expected else '–'})")
    missing = [in_sentence(u.name) for u in fig.by_state[MISSING]]
    rejected = [in_sentence(u.name) for u in fig.by_state[UNIT_REJECTED]]
    if missing:
        sentence += f"; còn {len(missing)} đơn vị chưa gửi: {vn.join(missing, DETAIL_UNITS)}"
    if rejected:
        sentence += (f"; {len(rejected)} đơn vị gửi tệp không dùng được (bị từ chối): "
                     f"{vn.join(rejected, DETAIL_UNITS)}")
    sentence += "."
    if fig.deadline is not None and timing:
        late = sorted((t for t in timing if t.late), key=lambda t: t.date)
        on_time = len(timing) - len(late)
        sentence += (f" Theo thời hạn ngày {vn.short_date(fig.deadline)}, {on_time} đơn vị gửi "
                     f"đúng hạn")
        if late:
            detail = vn.join([f"{in_sentence(cons.unit_name(t.unit))} ({vn.short_date(t.date)})"
                              for t in late], DETAIL_UNITS)
            sentence += f", {len(late)} đơn vị gửi muộn: {detail}"
        corrected = sorted((t for t in timing if t.late is False and t.correction_late),
                           key=lambda t: t.correction_date)
        if corrected:
            detail = vn.join([f"{in_sentence(cons.unit_name(t.unit))} "
                              f"({vn.short_date(t.correction_date)})" for t in corrected],
                             DETAIL_UNITS)
            sentence += f"; {len(corrected)} đơn vị gửi bản sửa sau thời hạn: {detail}"
        sentence += "."
    return {"sentence": sentence, "deadline": fig.deadline, "timing": timing,
            "missing": missing, "rejected": rejected}
