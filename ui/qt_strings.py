"""Qt's own texts in Vietnamese: standard buttons, the file and print dialogs, message
boxes, the wizard, the edit menu of text fields. Qt ships no qtbase_vi.qm, so without
this a form shows "Save" beside a translated "Hủy" and the file dialog is English.

The keys are Qt's source texts exactly as Qt asks for them (Qt 6 asks "Save" and "Open",
not "&Save"); tests/gui/test_all_translated.py opens the dialogs and fails on any English
left. The catalogue is installed after ours, so it is asked only for what ours lacks."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

_EDIT = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán",
    "Delete": "Xóa", "Select All": "Chọn tất cả",
}

QT_VI: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "Đồng ý", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Open": "&Mở",
        "&Yes": "&Có", "Yes to &All": "Có với &tất cả", "&No": "&Không", "N&o to All": "Không với tấ&t cả",
        "Abort": "Hủy bỏ", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy",
        "Discard": "Không lưu", "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QWizard": {
        "< &Back": "< &Quay lại", "&Next >": "&Tiếp >", "&Finish": "&Hoàn tất", "Cancel": "Hủy",
        "&Help": "&Trợ giúp", "Go Back": "Quay lại", "Continue": "Tiếp tục", "Commit": "Xác nhận",
        "Done": "Xong", "Help": "Trợ giúp", "Back": "Quay lại", "Next": "Tiếp",
    },
    "QMessageBox": {
        "Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…", "OK": "Đồng ý",
        "About Qt": "Giới thiệu Qt",
    },
    "QLineEdit": _EDIT,
    "QWidgetTextControl": _EDIT,
    "QFileDialog": {
        "&Delete": "&Xóa", "&Look in:": "&Tìm trong:", "&New Folder": "Thư mục &mới", "&Open": "&Mở",
        "&Save": "&Lưu", "&Choose": "&Chọn", "&Rename": "Đổi &tên", "All Files (*)": "Mọi tệp (*)",
        "Back": "Quay lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
        "Change to detail view mode": "Xem dạng chi tiết", "Change to list view mode": "Xem dạng danh sách",
        "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo một thư mục mới",
        "Detail View": "Xem chi tiết", "List View": "Xem danh sách", "File &name:": "&Tên tệp:",
        "Files": "Tệp", "Files of &type:": "&Loại tệp:", "Go back": "Quay lại", "Go forward": "Tiến tới",
        "Go to the parent directory": "Lên thư mục cha", "List of places and bookmarks": "Các nơi hay dùng",
        "Show ": "Hiện ", "Show &hidden files": "Hiện tệp &ẩn", "Sidebar": "Thanh bên", "Open": "Mở",
        "Save As": "Lưu thành", "Find Directory": "Chọn thư mục", "Directory:": "Thư mục:",
        "Directories": "Thư mục", "New Folder": "Thư mục mới", "Recent Places": "Nơi vừa mở",
        "My Computer": "Máy tính", "Drive": "Ổ đĩa", "File": "Tệp", "File Folder": "Thư mục", "Folder": "Thư mục",
        "Alias": "Lối tắt", "Shortcut": "Lối tắt", "Unknown": "Không rõ",
        "Are you sure you want to delete '%1'?": "Xóa “%1”?",
        "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nThay tệp đó bằng tệp này?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nKhông tìm thấy tệp.\nHãy xem lại tên tệp.",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nKhông tìm thấy thư mục.\nHãy xem lại tên thư mục.",
        "'%1' is write protected.\nDo you want to delete it anyway?": "“%1” được bảo vệ chống ghi.\nVẫn xóa?",
        "Could not delete directory.": "Không xóa được thư mục.",
    },
    "QFileSystemModel": {
        "Computer": "Máy tính", "Date Modified": "Ngày sửa", "Name": "Tên", "Size": "Cỡ", "Type": "Loại",
        "Kind": "Loại", "My Computer": "Máy tính", "%1 bytes": "%1 byte", "%1 KB": "%1 KB", "%1 MB": "%1 MB",
        "%1 GB": "%1 GB", "%1 TB": "%1 TB",
    },
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File": "Tệp", "File Folder": "Thư mục"},
    "QPrintDialog": {
        "&Options >>": "&Tùy chọn >>", "&Options <<": "&Tùy chọn <<", "&Print": "&In", "Print": "In",
        "All Pages": "Mọi trang", "Even Pages": "Trang chẵn", "Odd Pages": "Trang lẻ", "Local file": "Tệp trên máy",
        "Print to File (PDF)": "In ra tệp (PDF)", "Write PDF file": "Ghi tệp PDF", "Print To File ...": "In ra tệp…",
        "Print current page": "In trang này", "Print all": "In tất cả", "Print range": "In các trang",
        "Print selection": "In phần chọn",
    },
    "QPrintSettingsOutput": {
        "Collate": "Sắp theo bộ", "Color": "Màu", "Color Mode": "Chế độ màu", "Copies": "Số bản", "Copies:": "Số bản:",
        "Current Page": "Trang hiện tại", "Double Sided Printing": "In hai mặt", "Form": "Mẫu",
        "Grayscale": "Thang xám", "Long side binding": "Đóng gáy cạnh dài", "Off": "Tắt", "Options": "Tùy chọn",
        "Output Settings": "Thiết lập in", "Page &Set:": "&Nhóm trang:", "Pages": "Trang", "Pages from": "Từ trang",
        "Print all": "In tất cả", "Print range": "In các trang", "Reverse": "In ngược", "Selection": "Phần chọn",
        "Short side binding": "Đóng gáy cạnh ngắn", "to": "đến",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
        "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
            "Ghi số trang hoặc khoảng trang, cách nhau bằng dấu phẩy; khoảng trang là hai số nối bằng gạch ngang. "
            "Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.",
    },
    "QPrintWidget": {
        "&Name:": "&Tên:", "...": "...", "Form": "Mẫu", "Location:": "Vị trí:", "Output &file:": "&Tệp ra:",
        "P&roperties": "Thuộc &tính", "Preview": "Xem trước", "Printer": "Máy in", "Type:": "Loại:",
    },
    "QPageSetupWidget": {
        "Form": "Mẫu", "Paper": "Giấy", "Page size:": "Cỡ giấy:", "Width:": "Rộng:", "Height:": "Cao:",
        "Paper source:": "Khay giấy:", "Orientation": "Hướng giấy", "Portrait": "Dọc", "Landscape": "Ngang",
        "Reverse landscape": "Ngang ngược", "Reverse portrait": "Dọc ngược", "Margins": "Lề",
        "top margin": "lề trên", "left margin": "lề trái", "right margin": "lề phải", "bottom margin": "lề dưới",
        "Page Layout": "Bố cục trang", "Page order:": "Thứ tự trang:", "Pages per sheet:": "Số trang mỗi tờ:",
        "Custom": "Tùy chỉnh",
    },
    "QPrintPreviewDialog": {
        "Print Preview": "Xem trước khi in", "Print": "In", "Close": "Đóng", "Page Setup": "Thiết lập trang",
        "Next page": "Trang sau", "Previous page": "Trang trước", "First page": "Trang đầu",
        "Last page": "Trang cuối", "Fit width": "Vừa chiều rộng", "Fit page": "Vừa trang",
        "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ", "Portrait": "Dọc", "Landscape": "Ngang",
        "Show single page": "Xem một trang", "Show facing pages": "Xem hai trang",
        "Show overview of all pages": "Xem mọi trang", "Export to PDF": "Xuất ra PDF",
    },
    "QTabBar": {"Scroll Left": "Cuộn sang trái", "Scroll Right": "Cuộn sang phải"},
    "QDialogButtonBox": {"OK": "Đồng ý", "Cancel": "Hủy", "Close": "Đóng"},
    "QInputDialog": {"Enter a value:": "Nhập giá trị:"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QColorDialog": {"Select Color": "Chọn màu"},
    "QCalendarWidget": {"Previous Month": "Tháng trước", "Next Month": "Tháng sau", "Today": "Hôm nay",
                        "Week": "Tuần"},
    "QAbstractSpinBox": {"&Step up": "&Tăng", "Step &down": "&Giảm", "&Select All": "&Chọn tất cả"},
    "QScrollBar": {
        "Scroll here": "Cuộn đến đây", "Left edge": "Mép trái", "Top": "Đầu", "Right edge": "Mép phải",
        "Bottom": "Cuối", "Page left": "Sang trái một trang", "Page up": "Lên một trang",
        "Page right": "Sang phải một trang", "Page down": "Xuống một trang", "Scroll left": "Cuộn sang trái",
        "Scroll up": "Cuộn lên", "Scroll right": "Cuộn sang phải", "Scroll down": "Cuộn xuống",
    },
}


class QtCatalogue(QTranslator):
    """Answers Qt's own contexts from QT_VI; an empty answer lets Qt keep its text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("songmay_qt_vi")

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        table = QT_VI.get(context)
        if table is None:
            return None
        return table.get(source)

    def isEmpty(self) -> bool:
        return False

    def filePath(self) -> str:
        return "ui/qt_strings.py (Qt's own texts in Vietnamese)"

    def language(self) -> str:
        return "vi"


def qt_text(context: str, source: str) -> str:
    """What the user sees for one of Qt's texts in Vietnamese (tests use it)."""
    return QT_VI.get(context, {}).get(source, source)
