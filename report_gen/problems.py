"""The problem catalogue: every kind of problem has a code, a severity and a Vietnamese message
template (as frictionless-py does). Problems are data that flow with the submission; they are
never raised as exceptions to the user."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"  # what the intake did on its own (formula computed, unit word dropped...)

# code -> (severity, message template). Templates use str.format fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    # files
    "file-ignored": (WARNING, "Bỏ qua tệp: {reason}."),
    "file-unreadable": (ERROR, "Không đọc được tệp: {reason}."),
    "file-empty-form": (ERROR, "Biểu mẫu gửi lại chưa có số liệu nào."),
    "file-no-form": (ERROR, "Không tìm thấy biểu số liệu (dòng tiêu đề có cột chỉ tiêu và cột số liệu) trong tệp."),
    "unit-unknown": (ERROR, "Không xác định được đơn vị báo cáo (tên đơn vị trong biểu: “{found}”); đề nghị ghi đúng tên đơn vị ở dòng “Đơn vị:”."),
    "unit-inactive": (ERROR, "Đơn vị “{unit}” không còn là đơn vị báo cáo trong năm {year}."),
    "unit-ambiguous": (ERROR, "Tên đơn vị “{found}” có thể là {candidates}; không tự chọn một trong số đó. Đề nghị ghi đủ tên đơn vị có dấu (ví dụ “{example}”) hoặc mã đơn vị ở dòng “Đơn vị:”."),
    "unit-conflict": (WARNING, "Tên đơn vị trong biểu (“{sheet_unit}”) khác với tên tệp (“{file_unit}”); đã lấy theo biểu."),
    "year-mismatch": (ERROR, "Biểu ghi năm {found}, không phải năm {year} đang tổng hợp."),
    "superseded": (WARNING, "Đã có bản mới hơn của đơn vị này ({newer}); bản này không được dùng."),
    # cells
    "value-not-number": (ERROR, "Giá trị “{value}” không phải là số; đề nghị ghi một số (để trống nếu không có số liệu)."),
    "value-negative": (ERROR, "Giá trị {value} là số âm; số liệu không được âm."),
    "value-not-whole": (ERROR, "Giá trị {value} phải là số nguyên (chỉ tiêu đếm {unit})."),
    "value-absurd": (ERROR, "Giá trị {value} quá lớn, không hợp lý; đề nghị kiểm tra lại."),
    "value-error-cell": (ERROR, "Ô có lỗi công thức {value}; đề nghị sửa công thức hoặc ghi số."),
    "value-duplicate": (WARNING, "Chỉ tiêu {code} xuất hiện nhiều lần; đã dùng giá trị ở ô {first}."),
    # a row with a number that cannot be placed is an error: its number is not in the totals
    "label-unmatched": (ERROR, "Không nhận ra chỉ tiêu “{value}”; số liệu của dòng này chưa được tổng hợp. Đề nghị ghi đúng tên hoặc mã chỉ tiêu theo biểu mẫu."),
    "label-ambiguous": (ERROR, "Không nhận ra chỉ tiêu “{value}”; số liệu của dòng này chưa được tổng hợp. Có thể là: {candidates}. Đề nghị ghi đúng tên hoặc mã chỉ tiêu theo biểu mẫu."),
    "code-unknown": (ERROR, "Mã chỉ tiêu “{value}” không có trong danh mục năm {year}; số liệu của dòng này chưa được tổng hợp. Đề nghị ghi đúng mã chỉ tiêu theo biểu mẫu."),
    "indicator-missing": (WARNING, "Thiếu dòng chỉ tiêu {code} ({label}) trong biểu."),
    "value-formula-unevaluated": (ERROR, "Ô có công thức “{value}” nhưng tệp không lưu kết quả và chương trình không tự tính được; đề nghị mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc ghi số trực tiếp."),
    "value-formula-computed": (INFO, "Công thức “{value}” chưa có kết quả lưu trong tệp; chương trình đã tự tính được {result}."),
    "value-unit-word": (INFO, "Đã bỏ chữ “{word}” sau số, dùng giá trị {result}."),
    "value-unit-mismatch": (WARNING, "Ô ghi “{value}” nhưng chỉ tiêu {code} tính bằng “{unit}”; đã dùng số {result}, đề nghị kiểm tra lại dòng này."),
    "cell-extra": (WARNING, "Ô ngoài cột số liệu có nội dung “{value}” (cột “{column}”) ở dòng chỉ tiêu {code}; nội dung này không được tổng hợp, nếu là số liệu đề nghị ghi vào cột số liệu."),
    "row-subtotal": (INFO, "Dòng cộng “{value}” không được lấy vào tổng hợp (chương trình tự cộng từ các chỉ tiêu)."),
    "text-legacy": (WARNING, "Tệp {file} gõ bằng bảng mã cũ {encoding} (không phải Unicode); chương trình đã tự chuyển sang Unicode, đề nghị đơn vị dùng phông Unicode (Times New Roman) ở lần sau."),
    "answer-invalid": (ERROR, "Ô ghi “{value}”: chỉ tiêu “{label}” chỉ nhận một trong: {answers}."),
    "answer-conflict": (ERROR, "Ô {answer_cell} trả lời “{answer}” (được tính là {count} {unit} ở chỉ tiêu {code}) nhưng ô {number_cell} ghi {number}; hai ô không khớp nên chỉ tiêu {code} không được tổng hợp, đề nghị sửa cho thống nhất."),
    "value-outlier": (WARNING, "Chỉ tiêu {code} ({label}): năm nay {value}, năm trước {previous} ({change}); đề nghị kiểm tra và xác nhận lại số liệu."),
    # rules
    "rule": (ERROR, "{message}"),
    # model register
    "model-level-invalid": (ERROR, "Cấp của mô hình “{value}” không hợp lệ; chọn một trong: {levels}."),
    "model-name-missing": (WARNING, "Dòng mô hình không có tên; dòng này không được tổng hợp."),
    "model-count-mismatch": (ERROR, "Danh sách mô hình có {count} mô hình cấp {level}, nhưng chỉ tiêu {code} ghi {value}."),
    # province
    "unit-missing": (ERROR, "Đơn vị {unit} chưa gửi báo cáo."),
    # the input folder as it arrives (names, depth, unreadable folders, formats by content)
    "file-too-deep": (ERROR, "Tệp nằm sâu {depth} cấp thư mục (giới hạn {limit} cấp); tệp không được đọc, đề nghị chuyển tệp lên thư mục nông hơn rồi chạy lại."),
    "folder-unreadable": (ERROR, "Không đọc được thư mục ({reason}); các tệp bên trong không được đọc, đề nghị kiểm tra quyền truy cập rồi chạy lại."),
    "file-empty": (ERROR, "Tệp rỗng (0 byte), không có nội dung; đề nghị đơn vị gửi lại tệp biểu số liệu."),
    "file-format-mismatch": (INFO, "Tệp {suffix} thực chất là {actual}; đã đọc theo nội dung tệp."),
    "file-name-not-unicode": (INFO, "Tên tệp không phải Unicode (UTF-8), tên gốc trên đĩa là “{raw}”; đã hiển thị tên theo bảng mã {encoding}."),
    # labels in a unit's own words (report_gen.intake.labels)
    "label-matched": (INFO, "Dòng “{value}” được hiểu là chỉ tiêu {code} “{label}”."),
    # a row of an indicator of the catalogue not in force in the year: an error when it holds a
    # number other than 0 (that number cannot be counted), else a warning (severity passed)
    "indicator-not-in-force": (ERROR, "Chỉ tiêu {code} “{label}” chỉ áp dụng {period}, không có trong biểu năm {year}; {outcome}."),
    # the officer's decisions (report_gen.intake.mapping): {source} is the mapping file or the
    # decision kept in the history store ("quyết định đã lưu năm 2012")
    "label-mapped": (INFO, "Dòng “{value}” được ghi vào chỉ tiêu {code} “{label}” theo {source}."),
    "row-ignored-by-mapping": (INFO, "Dòng “{value}” (số liệu “{number}”) được bỏ qua theo {source}; số liệu của dòng này không được tổng hợp."),
    "mapping-not-in-force": (ERROR, "Dòng “{value}” được ghi vào chỉ tiêu {code} “{label}” theo {source}, nhưng chỉ tiêu này không có trong biểu năm {year}; số liệu “{number}” của dòng này chưa được tổng hợp, đề nghị sửa tệp ánh xạ chỉ tiêu."),
}


@dataclass(frozen=True)
class Problem:
    """One problem found in a submission or in the consolidated figures."""

    code: str
    severity: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None
    file: str | None = None
    unit: str | None = None
    expected: str | None = None  # what the cell should hold, for the feedback to the unit

    def to_dict(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "sheet": self.sheet,
            "cell": self.cell,
        }


def problem(code: str, /, *, sheet: str | None = None, cell: str | None = None,
            severity: str | None = None, expected: str | None = None,
            **fields: object) -> Problem:
    """Build a problem of the catalogue, filling its message template."""
    default_severity, template = CATALOGUE[code]
    text = {k: ("" if v is None else str(v)) for k, v in fields.items()}
    value = text.get("value")
    if value is not None and len(value) > 80:
        text["value"] = value[:77] + "…"
    return Problem(code=code, severity=severity or default_severity,
                   message=template.format(**text), sheet=sheet, cell=cell,
                   value=text.get("value"), expected=expected)
