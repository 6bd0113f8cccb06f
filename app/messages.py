"""User-facing messages of the core, in Vietnamese (default) and English.

Non-UI code raises typed errors carrying a message *key* and parameters; the text is
looked up here at the moment it is shown, in the language chosen then. The Qt layer
has its own catalogue (.ts/.qm) for widget strings.
"""

from __future__ import annotations

import os

LANGUAGES = ("vi", "en")
_language = os.environ.get("SONGMAY_LANG", "vi") if os.environ.get("SONGMAY_LANG") in LANGUAGES else "vi"

# key: (Vietnamese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- field validation
    "required": ("{field}: bắt buộc nhập.", "{field}: is required."),
    "pid.digits": (
        "Số định danh phải gồm đúng 12 chữ số (đã nhập: “{value}”).",
        "The personal ID must be exactly 12 digits (entered: “{value}”).",
    ),
    "pid.province": (
        "Số định danh: mã tỉnh nơi đăng ký khai sinh “{code}” không tồn tại.",
        "Personal ID: “{code}” is not a valid province of birth registration code.",
    ),
    "pid.sex": (
        "Số định danh: chữ số thứ 4 ({digit}) không khớp giới tính {sex} và thế kỷ sinh {century}.",
        "Personal ID: the 4th digit ({digit}) does not match sex {sex} and birth century {century}.",
    ),
    "pid.year": (
        "Số định danh: năm sinh trong số ({digits}) không khớp ngày sinh ({year}).",
        "Personal ID: the birth year in the number ({digits}) does not match the birth date ({year}).",
    ),
    "phone.invalid": (
        "Số điện thoại “{value}” không đúng định dạng Việt Nam (ví dụ 0912345678 hoặc +84912345678).",
        "Phone number “{value}” is not a Vietnamese number (e.g. 0912345678 or +84912345678).",
    ),
    "date.invalid": (
        "{field}: “{value}” không phải ngày hợp lệ (dd/mm/yyyy).",
        "{field}: “{value}” is not a valid date (dd/mm/yyyy).",
    ),
    "date.future": ("{field}: ngày {value} ở tương lai.", "{field}: {value} is in the future."),
    "date.age": (
        "Ngày sinh {value}: tuổi học sinh phải từ 2 đến 25.",
        "Birth date {value}: a pupil must be between 2 and 25 years old.",
    ),
    "choice.invalid": (
        "{field}: “{value}” không phải giá trị hợp lệ ({allowed}).",
        "{field}: “{value}” is not one of the allowed values ({allowed}).",
    ),
    "number.invalid": (
        "{field}: “{value}” phải là số không âm.",
        "{field}: “{value}” must be a non-negative number.",
    ),
    "text.too_long": (
        "{field}: dài quá {max} ký tự.",
        "{field}: longer than {max} characters.",
    ),
    "imei.invalid": (
        "IMEI “{value}” không hợp lệ (15 chữ số, đúng số kiểm tra Luhn).",
        "IMEI “{value}” is not valid (15 digits with a correct Luhn check digit).",
    ),
    "iccid.invalid": (
        "ICCID “{value}” không hợp lệ (19–20 chữ số, bắt đầu bằng 89).",
        "ICCID “{value}” is not valid (19–20 digits starting with 89).",
    ),
    "device.identity": (
        "Thiết bị phải có số serial hoặc IMEI.",
        "A device needs a serial number or an IMEI.",
    ),
    "device.duplicate_serial": (
        "Số serial “{value}” đã có trong dữ liệu (thiết bị {device}).",
        "Serial number “{value}” is already recorded (device {device}).",
    ),
    "device.duplicate_imei": (
        "IMEI “{value}” đã có trong dữ liệu (thiết bị {device}).",
        "IMEI “{value}” is already recorded (device {device}).",
    ),
    "sim.duplicate_number": (
        "Số thuê bao {value} đã có trong dữ liệu.",
        "SIM number {value} is already recorded.",
    ),
    "sim.duplicate_iccid": (
        "ICCID {value} đã có trong dữ liệu (SIM {number}).",
        "ICCID {value} is already recorded (SIM {number}).",
    ),
    "donation.empty": (
        "Khoản tài trợ phải có tiền mặt hoặc thiết bị.",
        "A donation must hold cash or devices.",
    ),
    "donation.receipt_required": (
        "Tiếp nhận tiền mặt phải có số biên nhận (phiếu thu).",
        "A cash donation needs a receipt number.",
    ),
    "donation.receipt_taken": (
        "Số biên nhận “{value}” đã dùng cho khoản tài trợ của {donor} ngày {date}.",
        "Receipt number “{value}” is already used for the donation from {donor} on {date}.",
    ),
    "donation.other_unit": (
        "Khoản tài trợ này do {unit} tiếp nhận; chỉ đơn vị đó được sửa.",
        "This donation was received by {unit}; only that unit may change it.",
    ),
    "unit.parent": ("Không tìm thấy đơn vị cấp trên “{value}”.", "Parent unit “{value}” was not found."),
    "unit.code_taken": ("Mã đơn vị “{value}” đã được dùng.", "Unit code “{value}” is already used."),
    # --- duplicates
    "student.duplicate_pid": (
        "Số định danh {pid} đã thuộc về học sinh {name} ({school}).",
        "Personal ID {pid} already belongs to {name} ({school}).",
    ),
    "need.duplicate": (
        "Học sinh {name} đã có một nhu cầu đang hoạt động trong năm học {year} ở {school}.",
        "{name} already has an active need for school year {year} at {school}.",
    ),
    # --- placement decisions (a child active at two schools: which school keeps the child)
    "placement.office_only": (
        "Chỉ cán bộ phòng/xã hoặc Sở mới quyết định trường nào giữ học sinh; trường không tự quyết định.",
        "Only an office (commune, district or province) decides which school keeps a child; a school cannot.",
    ),
    "placement.not_same_child": (
        "Hai hồ sơ không cùng số định danh cá nhân: không phải cùng một học sinh, không cần quyết định.",
        "The two records do not share a personal ID: they are not the same child, there is nothing to decide.",
    ),
    "placement.same_school": (
        "Hai hồ sơ cùng ở {school}: trường tự rút nhu cầu bị nhập trùng, không cần quyết định của phòng/xã.",
        "Both records are at {school}: the school withdraws the need typed twice itself, no office decision is needed.",
    ),
    "placement.outside_area": (
        "{school} không thuộc địa bàn của đơn vị này: chỉ đơn vị quản lý cả hai trường mới quyết định.",
        "{school} is outside this office's area: only an office covering both schools decides.",
    ),
    "placement.reason": (
        "Cần ghi lý do quyết định (ví dụ: em đã chuyển trường từ tháng 9).",
        "A reason for the decision is required (e.g. the child moved school in September).",
    ),
    "placement.already": (
        "Đã có quyết định cho {name} trong năm học {year} (ngày {date}): {decision}",
        "A decision for {name} in school year {year} exists already ({date}): {decision}",
    ),
    "placement.release_holds": (
        "{name} đang giữ thiết bị do {school} bàn giao: thu hồi thiết bị trước, hoặc quyết định giữ em ở {school}.",
        "{name} holds a device handed over by {school}: have it returned first, or decide that {school} keeps the child.",
    ),
    "placement.statement": (
        "Em học tại {keep} trong năm học {year}, không học tại {release}. Lý do: {reason}",
        "The child studies at {keep} in school year {year}, not at {release}. Reason: {reason}",
    ),
    "placement.withdraw_reason": (
        "Theo quyết định của {office} ngày {date}: {decision}",
        "By decision of {office} on {date}: {decision}",
    ),
    "placement.notice": (
        "{office} đã quyết định ngày {date}: {decision}",
        "{office} decided on {date}: {decision}",
    ),
    # who decided, when the deciding unit is not on this computer (a school holds its own unit
    # only): a decision may be the commune's or the province's department's, so neither is named
    "placement.office": ("Cơ quan quản lý giáo dục", "The education authority"),
    "placement.office_inline": ("cơ quan quản lý giáo dục", "the education authority"),
    "need.placement_released": (
        "Nhu cầu của {name} trong năm học {year} không mở lại được: ngày {date} {office} đã quyết định — {decision}",
        "The need of {name} for school year {year} cannot be opened again: on {date} {office} decided — {decision}",
    ),
    "handover.placement_released": (
        "Không bàn giao cho {name} trong năm học {year} được: ngày {date} {office} đã quyết định — {decision}",
        "Nothing can be handed over to {name} for school year {year}: on {date} {office} decided — {decision}",
    ),
    # --- need workflow
    "need.illegal_move": (
        "Không thể chuyển nhu cầu từ “{src}” sang “{dst}”.",
        "A need cannot move from “{src}” to “{dst}”.",
    ),
    "need.role": (
        "Vai trò “{role}” không được phép “{action}”.",
        "The role “{role}” may not “{action}”.",
    ),
    "need.reason": ("Cần ghi lý do khi {action}.", "A reason is required to {action}."),
    "need.ineligible": (
        "Học sinh không thuộc diện ưu tiên (hộ nghèo, cận nghèo, ảnh hưởng COVID-19, khó khăn khác).",
        "The pupil is in no priority group (poor, near-poor, COVID-19, other hardship).",
    ),
    # --- handover
    "handover.need_not_approved": (
        "Chỉ bàn giao cho nhu cầu đã được phê duyệt (hiện tại: {status}).",
        "Only an approved need can receive a device (now: {status}).",
    ),
    "handover.device_not_in_stock": (
        "Thiết bị {device} không còn trong kho của trường (trạng thái: {status}).",
        "Device {device} is not in this school's stock (status: {status}).",
    ),
    "handover.device_other_unit": (
        "Thiết bị {device} thuộc đơn vị khác.",
        "Device {device} belongs to another unit.",
    ),
    "handover.sim_not_in_stock": (
        "SIM {sim} không còn trong kho của trường.",
        "SIM {sim} is not in this school's stock.",
    ),
    "handover.nothing": (
        "Biên bản bàn giao phải có thiết bị hoặc SIM.",
        "A handover needs a device or a SIM.",
    ),
    "handover.already_has_device": (
        "Học sinh {name} đang giữ thiết bị {device}. Muốn giao thêm phải ghi lý do.",
        "{name} already holds device {device}. Give a reason to hand over another.",
    ),
    "handover.not_active": (
        "Biên bản {minute} không còn hiệu lực (đã trả hoặc chuyển).",
        "Minute {minute} is no longer active (returned or reassigned).",
    ),
    "device.held": (
        "Thiết bị {device} đang do học sinh giữ: chỉ thay đổi qua biên bản thu hồi hoặc chuyển giao.",
        "Device {device} is held by a child: it changes only through a return or reassignment minute.",
    ),
    "handover.guardian": (
        "Cần tên người nhận (cha, mẹ hoặc người giám hộ).",
        "The receiving guardian's name is required.",
    ),
    "handover.minute_not_written": (
        "Đã lưu bàn giao nhưng chưa ghi được biên bản {path} ({detail}). "
        "Hãy kiểm tra ổ đĩa rồi bấm “In lại biên bản”.",
        "The handover is saved but its minute could not be written to {path} ({detail}). "
        "Check the disk, then press “Print minute again”.",
    ),
    "handover.child_holds": (
        "{name} ({cls}) đã nhận {what} theo biên bản số {minute} ngày {date}.",
        "{name} ({cls}) already received {what} under minute no. {minute} of {date}.",
    ),
    "handover.child_need_status": (
        "{name} ({cls}): nhu cầu đang ở trạng thái “{status}” — chỉ nhu cầu đã phê duyệt mới được bàn giao.",
        "{name} ({cls}): the need is “{status}” — only an approved need can receive a device.",
    ),
    "handover.child_no_need": (
        "{name} ({cls}) chưa có nhu cầu hỗ trợ được phê duyệt.",
        "{name} ({cls}) has no approved need.",
    ),
    "handover.child_not_found": (
        "Không có học sinh nào khớp “{text}”.",
        "No child matches “{text}”.",
    ),
    "handover.device_given": (
        "Máy {device} đã bàn giao cho {name} ({cls}) theo biên bản số {minute} ngày {date}.",
        "{device} was handed over to {name} ({cls}) under minute no. {minute} of {date}.",
    ),
    "handover.device_status": (
        "Máy {device} không có trong kho của trường (trạng thái: {status}).",
        "{device} is not in this school's stock (status: {status}).",
    ),
    "handover.device_unknown": (
        "Không có thiết bị nào mang số serial hoặc IMEI {code}.",
        "No device has the serial number or IMEI {code}.",
    ),
    "handover.sim_only_waits": (
        "Chỉ giao SIM: em vẫn chờ thiết bị (nhu cầu “{device}” chưa được đáp ứng).",
        "A SIM only: the child still waits for the device (the need for a “{device}” stays open).",
    ),
    "handover.what_device": ("máy", "device"),
    "handover.before_received": (
        "Ngày bàn giao {date} trước ngày trường nhận thiết bị {device} ({received}). Kiểm tra lại ngày (nhất là "
        "năm). Vẫn bàn giao với ngày {date}?",
        "The handover date {date} is before the school received {device} ({received}). Check the date (the year "
        "above all). Hand over with the date {date} all the same?",
    ),
    "handover.return_before_handover": (
        "Ngày {date} trước ngày bàn giao theo biên bản số {minute} ({given}): kiểm tra lại ngày.",
        "{date} is before the handover of minute no. {minute} ({given}): check the date.",
    ),
    "coverage.duplicate": (
        "Thôn/bản “{value}” đã có trong danh sách điểm lõm sóng.",
        "Village “{value}” is already on the list of places without signal.",
    ),
    # --- allocation
    "allocation.locked": (
        "Quyết định phân bổ {number} đã được phê duyệt, không thể sửa.",
        "Allocation decision {number} is approved and locked.",
    ),
    "allocation.number_taken": (
        "Số quyết định “{number}” đã được đơn vị dùng (quyết định ngày {date}).",
        "Decision number “{number}” is already used by this unit (decision of {date}).",
    ),
    "allocation.not_school": (
        "Đơn vị nhận phải là một trường thuộc phạm vi quản lý của đơn vị.",
        "The receiving unit must be a school this unit covers.",
    ),
    "allocation.empty": (
        "Quyết định phải ghi số lượng theo loại thiết bị hoặc chọn thiết bị cụ thể.",
        "A decision needs counts per kind of device or a list of devices.",
    ),
    "allocation.device_not_in_stock": (
        "Thiết bị {device} không còn trong kho của đơn vị (trạng thái: {status}).",
        "Device {device} is no longer in this unit's stock (status: {status}).",
    ),
    "allocation.device_below_spec": (
        "Thiết bị {device} không đạt cấu hình tối thiểu, không được phân bổ.",
        "Device {device} is below the minimum specification and cannot be allocated.",
    ),
    "allocation.device_in_other": (
        "Thiết bị {device} đã có trong dự thảo quyết định {number}.",
        "Device {device} is already listed in draft decision {number}.",
    ),
    "allocation.not_issuer": (
        "Chỉ đơn vị ban hành mới được sửa hoặc phê duyệt quyết định {number}.",
        "Only the issuing unit may change or approve decision {number}.",
    ),
    "allocation.not_approved": (
        "Quyết định {number} chưa được phê duyệt.",
        "Decision {number} is not approved yet.",
    ),
    "allocation.not_addressed": (
        "Quyết định {number} không phân bổ cho đơn vị này.",
        "Decision {number} is not addressed to this unit.",
    ),
    "allocation.donation_not_ours": (
        "Khoản tài trợ “{donation}” không phải do đơn vị này tiếp nhận (hoặc đã bị xoá): quyết định chỉ lấy từ "
        "các khoản tài trợ của đơn vị.",
        "Donation “{donation}” was not received by this unit (or was deleted): a decision draws on this unit's "
        "own donations only.",
    ),
    "allocation.exceeds_donations": (
        "Quyết định {number} phân bổ {wanted}, nhưng các khoản tài trợ đã chọn chỉ còn {left} chưa phân bổ. "
        "Giảm số lượng hoặc chọn thêm khoản tài trợ.",
        "Decision {number} allocates {wanted}, but the donations chosen have only {left} not yet allocated. "
        "Lower the counts or choose more donations.",
    ),
    "allocation.receipt_over": (
        "Số {kind} đã nhận ({received}) nhiều hơn số được phân bổ ({approved}).",
        "{received} received is more than the {approved} allocated ({kind}).",
    ),
    "allocation.receipt_below_registered": (
        "Đã ghi sổ {registered} {kind} của quyết định này: số đã nhận không thể ít hơn.",
        "{registered} {kind} of this decision are registered already: the count received cannot be lower.",
    ),
    "allocation.receipt_empty": (
        "Ghi số thiết bị đã nhận được (ít nhất một).",
        "Enter how many devices arrived (at least one).",
    ),
    "allocation.register_not_received": (
        "Chưa xác nhận đã nhận {kind} của quyết định {number}: xác nhận số đã nhận trước, rồi ghi số serial.",
        "No {kind} of decision {number} is confirmed as received: confirm the count first, then register "
        "the serials.",
    ),
    "allocation.register_too_many": (
        "Quyết định {number}: trường đã nhận {received} {kind}, đã ghi sổ {registered}; chỉ ghi thêm được "
        "{left} máy, danh sách có {lines} máy.",
        "Decision {number}: the school received {received} {kind} and registered {registered}; only {left} "
        "more can be registered, the list has {lines}.",
    ),
    "allocation.moves_nothing": ("không thiết bị nào", "no device"),
    # --- store
    "store.not_found": ("Không tìm thấy {kind} {id}.", "{kind} {id} was not found."),
    "store.too_new": (
        "Dữ liệu này được tạo bởi phiên bản SongMay mới hơn (lược đồ {found}). "
        "Hãy cập nhật phần mềm; dữ liệu không bị thay đổi.",
        "This data was written by a newer SongMay (schema {found}). "
        "Please update the software; nothing was changed.",
    ),
    "store.corrupt": (
        "Tệp dữ liệu {path} bị hỏng hoặc không phải dữ liệu SongMay. Không có gì bị thay đổi; "
        "hãy khôi phục từ bản sao lưu trong thư mục backups.",
        "The data file {path} is damaged or is not SongMay data. Nothing was changed; "
        "restore it from a copy in the backups folder.",
    ),
    "store.disk_full": (
        "Ổ đĩa đã đầy: không lưu được. Dữ liệu đã lưu trước đó vẫn an toàn; hãy giải phóng dung lượng rồi thử lại.",
        "The disk is full: nothing was saved. Data saved before is safe; free some space and try again.",
    ),
    "store.read_only": (
        "Không ghi được vào thư mục dữ liệu {path} (chỉ đọc).",
        "Cannot write to the data folder {path} (read-only).",
    ),
    "store.locked": (
        "Dữ liệu đang được một cửa sổ SongMay khác sử dụng. Hãy đóng cửa sổ đó rồi thử lại.",
        "The data is in use by another SongMay window. Close it and try again.",
    ),
    "store.not_configured": (
        "Chưa chọn trường cho bản cài đặt này. Chạy “songmay setup” hoặc mở ứng dụng để thiết lập.",
        "No school is set up for this installation. Run “songmay setup” or open the app to set one up.",
    ),
    "area.not_a_school": (
        "Đơn vị đã chọn không phải là một trường thuộc địa bàn của đơn vị này: hãy chọn trường của học sinh.",
        "The unit chosen is not a school of this office's area: choose the children's school.",
    ),
    # --- roster import
    "roster.unreadable": (
        "Không đọc được tệp danh sách {path}: {reason}",
        "Cannot read the roster file {path}: {reason}",
    ),
    "roster.no_header": (
        "Không tìm thấy dòng tiêu đề (cần ít nhất cột “Họ và tên” và “Ngày sinh”) trong 15 dòng đầu.",
        "No header row (with at least “Họ và tên” and “Ngày sinh”) in the first 15 rows.",
    ),
    "roster.format": (
        "Định dạng tệp {ext} không được hỗ trợ (dùng .xlsx hoặc .csv).",
        "File type {ext} is not supported (use .xlsx or .csv).",
    ),
    "roster.row": ("Dòng {row}: {reason}", "Row {row}: {reason}"),
    "roster.sex_unknown": (
        "Giới tính “{value}” không rõ (Nam/Nữ).",
        "Sex “{value}” is unclear (Nam/Nữ).",
    ),
    "roster.duplicate_in_file": (
        "trùng với dòng {other} trong cùng tệp.",
        "duplicates row {other} of the same file.",
    ),
    "roster.empty": ("tệp trống.", "the file is empty."),
    "roster.os_error": ("không mở được tệp ({detail}).", "the file cannot be opened ({detail})."),
    "roster.not_xlsx": (
        "tệp không phải bảng tính Excel .xlsx hợp lệ hoặc đã bị hỏng ({detail}).",
        "it is not a valid Excel .xlsx workbook or it is damaged ({detail}).",
    ),
    "roster.not_text": (
        "tệp không phải văn bản CSV ({detail}).",
        "it is not a CSV text file ({detail}).",
    ),
    "roster.encoding": (
        "không nhận ra bảng mã chữ (cần UTF-8 hoặc Windows-1258).",
        "unknown text encoding (expected UTF-8 or Windows-1258).",
    ),
    "roster.household_unknown": (
        "Diện hộ “{value}” không rõ (Hộ nghèo, Cận nghèo, Khó khăn khác hoặc để trống).",
        "Household category “{value}” is unclear (Hộ nghèo, Cận nghèo, Khó khăn khác or empty).",
    ),
    "roster.mapping_missing": (
        "Chưa chọn cột cho: {fields}.",
        "No column is chosen for: {fields}.",
    ),
    "roster.pid_conflict": (
        "Học sinh {name} cùng ngày sinh và lớp đã có số định danh {pid}, khác với số trong tệp ({value}).",
        "{name}, with the same birth date and class, is stored with personal ID {pid}, "
        "not {value} as in the file.",
    ),
    # --- likely duplicates (app/duplicates.py, app/roster.py)
    "student.likely_same_name": (
        "cùng họ tên và ngày sinh",
        "same name and birth date",
    ),
    "student.likely_same_phone": (
        "cùng số điện thoại người giám hộ và ngày sinh",
        "same guardian phone and birth date",
    ),
    "roster.likely_same_stored": (
        "Có thể là {name} (lớp {cls}, sinh {birth}) đã có trong trường: {why}. "
        "Nếu đây là em khác, đánh dấu “Em khác” để nhập.",
        "Possibly {name} (class {cls}, born {birth}), already at the school: {why}. "
        "If this is a different child, tick “Different child” to import.",
    ),
    "roster.likely_same_row": (
        "Có thể trùng với dòng {other} ({name}): {why}. Nếu đây là em khác, đánh dấu “Em khác” để nhập.",
        "Possibly the same child as row {other} ({name}): {why}. "
        "If this is a different child, tick “Different child” to import.",
    ),
    "roster.likely_same_skipped": (
        "Chưa nhập: có thể trùng với {name} ({why}); chưa xác nhận là em khác.",
        "Not imported: possibly the same child as {name} ({why}); not confirmed as a different child.",
    ),
    "roster.phone_dropped": (
        "Số điện thoại “{value}” không đúng định dạng đang dùng: bỏ trống số này, vẫn nhập học sinh.",
        "Phone number “{value}” is not in a format in use: it is left empty, the child is imported.",
    ),
    "roster.pid_length": (
        "Số định danh “{value}” có {n} chữ số; cần đúng 12 chữ số.",
        "Personal ID “{value}” has {n} digits; it must have exactly 12.",
    ),
    "roster.household_mapped": (
        "Diện hộ “{value}” được hiểu là “{category}”.",
        "Household “{value}” is read as “{category}”.",
    ),
    "roster.cell_dropped": (
        "Bỏ trống ô này, vẫn nhập học sinh.",
        "The cell is left empty; the child is imported.",
    ),
    # --- CLI
    "cli.data_dir": ("Thư mục dữ liệu: {path}", "Data folder: {path}"),
    "cli.demo_done": (
        "Đã tạo dữ liệu mẫu: {students} học sinh tại {schools} trường trong {seconds:.1f} giây.",
        "Demo data made: {students} students in {schools} schools in {seconds:.1f} s.",
    ),
    "cli.demo_duplicates": (
        "Cố ý ghi ở hai trường (để thử quyết định trường nào giữ em; ghi chú nhu cầu nói rõ): {names}.",
        "Entered at two schools on purpose (to try the decision of which school keeps a child; the need's "
        "note says so): {names}.",
    ),
    "cli.roster_summary": (
        "Đã nhập {imported} học sinh, {updated} cập nhật, {unchanged} đã có, {rejected} dòng bị từ chối.",
        "Imported {imported} students, {updated} updated, {unchanged} already present, {rejected} rows rejected.",
    ),
    "cli.dry_run": (
        "Chạy thử: chưa có gì được lưu.",
        "Dry run: nothing was saved.",
    ),
    "cli.no_gui": (
        "Không mở được giao diện: {reason}",
        "Cannot open the desktop app: {reason}",
    ),
    "cli.unexpected": (
        "Lỗi không mong đợi: {reason}. Chi tiết đã ghi vào {log}.",
        "Unexpected error: {reason}. Details were written to {log}.",
    ),
    "cli.setup_done": (
        "Đã thiết lập trường {code} – {name}.",
        "School {code} – {name} is set up.",
    ),
    "cli.enrolled": (
        "Đã đăng ký máy này với máy chủ {server} cho đơn vị {unit}.",
        "This installation is enrolled with {server} for unit {unit}.",
    ),
    "cli.sync_pull": ("Đang nhận: {done} bản ghi", "Receiving: {done} records"),
    "cli.sync_pull_of": ("Đang nhận: {done}/{total} bản ghi ({percent}%)", "Receiving: {done}/{total} records ({percent}%)"),
    "cli.sync_push": ("Đang gửi: {done} bản ghi", "Sending: {done} records"),
    "cli.sync_push_of": ("Đang gửi: {done}/{total} bản ghi ({percent}%)", "Sending: {done}/{total} records ({percent}%)"),
    "cli.sync_done": (
        "Đồng bộ xong trong {seconds:.1f} giây: gửi {sent}, nhận {received}, xung đột {conflicts}, bị từ chối {rejected}; còn {pending} thay đổi chưa gửi.",
        "Synced in {seconds:.1f} s: sent {sent}, received {received}, conflicts {conflicts}, refused {rejected}; {pending} changes not yet sent.",
    ),
    "cli.setup_office_done": (
        "Đã thiết lập đơn vị {code} – {name} (chế độ cán bộ: nhận gói USB của các trường, phân bổ thiết bị). "
        "Hãy đăng ký với máy chủ tỉnh: songmay enrol.",
        "Office {code} – {name} is set up (officer mode: collects the schools' USB bundles, allocates devices). "
        "Enrol it with the provincial server next: songmay enrol.",
    ),
    "cli.province_unknown": (
        "Không tìm thấy tỉnh/thành phố mã “{value}”.",
        "No province with code “{value}”.",
    ),
    "cli.commune_unknown": (
        "Không tìm thấy xã/phường mã “{value}”.",
        "No commune/ward with code “{value}”.",
    ),
    # --- official reports (app/reports)
    "report.kind": (
        "Không có loại báo cáo “{value}” (chọn một trong: {allowed}).",
        "There is no report “{value}” (choose one of: {allowed}).",
    ),
    "report.format": (
        "Không xuất được báo cáo ra “{path}”: chỉ hỗ trợ tệp .xlsx hoặc .pdf.",
        "Cannot write a report to “{path}”: only .xlsx and .pdf files are supported.",
    ),
    "report.not_written": (
        "Không ghi được báo cáo vào “{path}” ({detail}). Thư mục có ghi được không, ổ đĩa có đầy không?",
        "The report could not be written to “{path}” ({detail}). Is the folder writable and the disk not full?",
    ),
    "report.unit_unknown": (
        "Không tìm thấy đơn vị mã “{value}” (mã trường, mã xã/phường 5 chữ số hoặc mã tỉnh 2 chữ số).",
        "No unit with code “{value}” (a school code, a 5-digit commune code or a 2-digit province code).",
    ),
    "report.date": (
        "Ngày “{value}” không hợp lệ (dd/mm/yyyy).",
        "“{value}” is not a valid date (dd/mm/yyyy).",
    ),
    "report.snapshot_unknown": (
        "Không có báo cáo đã gửi số “{number}”.",
        "There is no submitted report No. “{number}”.",
    ),
    "report.snapshot_damaged": (
        "Báo cáo đã gửi số {number} bị hỏng trong cơ sở dữ liệu (không khớp mã kiểm tra).",
        "Submitted report No. {number} is damaged in the database (its checksum does not match).",
    ),
    "report.already_submitted": (
        "Báo cáo số {number} đã được gửi; số liệu đã chốt không gửi lại.",
        "Report No. {number} was already submitted; frozen figures are not submitted again.",
    ),
    "cli.report_written": ("Đã xuất báo cáo: {path}", "Report written: {path}"),
    "cli.report_submitted": (
        "Đã gửi và chốt số liệu báo cáo số {number}.",
        "Report No. {number} submitted; its figures are frozen.",
    ),
    "cli.report_nothing": (
        "Không có gì để làm: hãy chỉ định --out TỆP, --submit hoặc --list.",
        "Nothing to do: give --out FILE, --submit or --list.",
    ),
    # --- songmay --self-check (ui/selfcheck.py)
    "selfcheck.ready": (
        "Tự kiểm tra: cửa sổ chính sẵn sàng sau {seconds:.2f} giây ({students} học sinh; "
        "tiến trình đã dùng {cpu:.2f} giây CPU).",
        "Self-check: the main window is ready after {seconds:.2f} s ({students} students; "
        "the process used {cpu:.2f} s of CPU).",
    ),
    "selfcheck.wizard": (
        "Tự kiểm tra: chưa thiết lập trường; trình hướng dẫn lần đầu mở được.",
        "Self-check: no school is set up yet; the first-run wizard opens.",
    ),
    "selfcheck.info": (
        "Nền tảng Qt: {platforms}; theo dõi mạng: {backends}.",
        "Qt platforms: {platforms}; network information: {backends}.",
    ),
    "selfcheck.ok": (
        "Tự kiểm tra: ĐẠT (SongMay {version}, thư mục dữ liệu {path}).",
        "Self-check: PASSED (SongMay {version}, data folder {path}).",
    ),
    "selfcheck.failed": (
        "Tự kiểm tra: KHÔNG ĐẠT: {reason}",
        "Self-check: FAILED: {reason}",
    ),
    "selfcheck.timeout": (
        "màn hình đầu tiên chưa có dữ liệu sau {seconds} giây",
        "the first screen had no rows after {seconds} s",
    ),
    "selfcheck.no_font": (
        "thiếu phông chữ {name}",
        "font {name} is missing",
    ),
    "selfcheck.no_catalogue": (
        "không nạp được bản dịch {path}",
        "translation {path} did not load",
    ),
    "selfcheck.no_icon": (
        "thiếu biểu tượng ứng dụng",
        "the application icon is missing",
    ),
    "selfcheck.no_platform": (
        "thiếu trình cắm nền tảng Qt {name} (có: {found})",
        "Qt platform plugin {name} is missing (found: {found})",
    ),
    "selfcheck.platform_fails": (
        "trình cắm nền tảng Qt {name} không nạp được: {reason}",
        "Qt platform plugin {name} does not load: {reason}",
    ),
    "selfcheck.import_failed": (
        "không nạp được mô-đun {name}: {reason}",
        "module {name} does not import: {reason}",
    ),
    # --- sync (merge core and wire format)
    "sync.unknown_kind": (
        "Loại bản ghi “{kind}” không được phiên bản này hỗ trợ; hãy cập nhật SongMay.",
        "Record kind “{kind}” is not known to this version; update SongMay.",
    ),
    "sync.unknown_field": (
        "Bản ghi có trường không được phiên bản này hỗ trợ ({fields}); hãy cập nhật SongMay.",
        "The record has fields this version does not know ({fields}); update SongMay.",
    ),
    "sync.bad_change": (
        "Bản ghi nhận được không đúng định dạng đồng bộ.",
        "The received record is not in the sync format.",
    ),
    "conflict.merge_deleted": (
        "Một trong hai phiên bản là bản đã xoá nên không gộp được; hãy giữ bản hiện tại hoặc lấy bản kia.",
        "One of the two versions is a deletion, so they cannot be merged; keep the current one or take the other.",
    ),
    "protocol.garbage": (
        "Dữ liệu đồng bộ nhận được không đọc được ({reason}).",
        "The sync data received cannot be read ({reason}).",
    ),
    "protocol.checksum": (
        "Dữ liệu đồng bộ bị hỏng hoặc bị sửa trên đường truyền (sai mã kiểm tra).",
        "The sync data was damaged or altered in transit (checksum mismatch).",
    ),
    "protocol.version": (
        "Dữ liệu đồng bộ dùng định dạng phiên bản {found}; phiên bản này đọc được {supported}. Hãy cập nhật SongMay.",
        "The sync data uses format version {found}; this version reads {supported}. Update SongMay.",
    ),
    "protocol.too_deep": (
        "Dữ liệu đồng bộ nhận được lồng nhau quá sâu (hơn {limit} tầng): đây không phải một gói đồng bộ hợp lệ; "
        "không nhận gì.",
        "The sync data received is nested deeper than {limit} levels: it is not a valid sync batch; nothing was taken.",
    ),
    "protocol.too_many_values": (
        "Dữ liệu đồng bộ nhận được có nhiều giá trị hơn một gói đồng bộ được phép (hơn {limit}); không nhận gì.",
        "The sync data received holds more values than a sync batch may (over {limit}); nothing was taken.",
    ),
    # parts of messages: why a file or its JSON is refused before it is decoded ({what}: a (vi, en) pair)
    "json.too_deep": ("{what} lồng nhau quá sâu (hơn {limit} tầng)", "{what} is nested deeper than {limit} levels"),
    "json.too_many_values": ("{what} có quá nhiều giá trị (hơn {limit})", "{what} holds too many values (over {limit})"),
    "json.too_large": ("{what} quá lớn ({size} byte; tối đa {limit})", "{what} is too large ({size} bytes; at most {limit})"),
    "json.file_too_large": ("tệp quá lớn ({size} MB; tối đa {limit} MB)",
                            "the file is too large ({size} MB; at most {limit} MB)"),
    # --- sync over HTTP: enrolment, server, client
    "sync.failed": ("Đồng bộ không thành công.", "Sync failed."),
    "sync.copied_database": (
        "Tệp dữ liệu này là bản sao (hoặc được khôi phục) của một máy đã đăng ký, nên đang ghi như một "
        "máy mới. Hãy xin mã đăng ký mới và đăng ký lại máy này trước khi đồng bộ.",
        "This data file is a copy (or a restore) of an enrolled computer's, so it now writes as a new "
        "installation. Ask for a new enrolment code and enrol this computer again before syncing.",
    ),
    "registry.kind": ("Loại đơn vị “{kind}” không hợp lệ ({kinds}).", "Unit kind “{kind}” is not one of {kinds}."),
    "registry.commune": ("Không có xã/phường mã {commune}.", "There is no commune with code {commune}."),
    "registry.commune_province": (
        "Xã/phường {commune} không thuộc tỉnh {province}.", "Commune {commune} is not in province {province}."),
    "registry.commune_required": (
        "Đơn vị {code}: cần mã xã/phường (5 chữ số).", "Unit {code}: the commune's 5-digit code is required."),
    "registry.province": ("Không có tỉnh mã {province}.", "There is no province with code {province}."),
    "registry.level": ("Cấp học “{level}” không hợp lệ ({levels}).", "School level “{level}” is not one of {levels}."),
    "registry.exists": (
        "Đơn vị {code} đã có trong danh mục.", "Unit {code} is in the registry already."),
    "registry.parent": (
        "Đơn vị {code} (dòng {row}): không tìm thấy đơn vị cấp trên “{parent}”.",
        "Unit {code} (row {row}): the unit above, “{parent}”, is not in the file nor the registry."),
    "registry.duplicate": (
        "Mã {code} trùng với dòng {row}.", "Code {code} is on row {row} already."),
    "registry.refused": ("Đơn vị {code} không hợp lệ: {reason}", "Unit {code} is not valid: {reason}"),
    "registry.file": ("Không đọc được tệp {path}: {detail}", "Cannot read file {path}: {detail}"),
    "registry.headers": (
        "Tệp {path} cần dòng tiêu đề có ít nhất các cột mã (code) và tên (name).",
        "File {path} needs a header row with at least the code and name columns."),
    "registry.row_error": ("Dòng {row}: {message}", "Row {row}: {message}"),
    "registry.imported": (
        "Danh mục: thêm {added}, cập nhật {updated}, giữ nguyên {unchanged} đơn vị.",
        "Registry: {added} units added, {updated} updated, {unchanged} unchanged."),
    "enrol.unit_unregistered": (
        "Đơn vị {code} chưa có trong danh mục của Sở. Sở GD&ĐT thêm đơn vị (songmay-server unit add) "
        "trước khi cấp mã đăng ký.",
        "Unit {code} is not in the province's registry. The provincial department adds it "
        "(songmay-server unit add) before issuing an enrolment code."),
    "enrol.unit_outside_area": (
        "Đơn vị {code} nằm ngoài địa bàn của tài khoản này: không cấp được mã đăng ký.",
        "Unit {code} is outside this account's area: no enrolment code can be issued for it."),
    "enrol.proof_failed": (
        "Yêu cầu đăng ký không có chữ ký hợp lệ của máy này.",
        "The enrolment request is not signed by this computer's key."),
    "enrol.instance_taken": (
        "Mã máy này đã được đăng ký với một khoá khác. Chỉ chính máy đó, hoặc sau khi Sở thu hồi, mới đăng "
        "ký lại được.",
        "This installation id is registered with another key. Only that computer, or the province after "
        "revoking it, can enrol it again."),
    "server.database_unavailable": (
        "Máy chủ của Sở tạm thời không truy cập được cơ sở dữ liệu. Máy sẽ tự thử lại sau ít phút.",
        "The province's server cannot reach its database just now. This computer will try again shortly.",
    ),
    "enrol.too_many_attempts": (
        "Đã nhập sai mã đăng ký quá nhiều lần. Hãy thử lại sau {seconds} giây.",
        "Too many wrong enrolment codes. Try again in {seconds} seconds.",
    ),
    "sync.server_unavailable": (
        "Máy chủ của Sở đang tạm ngừng (mã {status}). Máy sẽ tự thử lại.",
        "The province's server is briefly unavailable (status {status}). This computer will try again.",
    ),
    "authz.counter": (
        "Bản ghi {kind} mang số đếm phiên bản vượt quá mức một máy thật có thể đạt: máy chủ không nhận.",
        "This {kind} record carries a version counter beyond what a real computer can reach: the server refused it.",
    ),
    "authz.unknown_writer": (
        "Bản ghi {kind} có thay đổi của một máy không đăng ký với Sở: máy chủ không nhận.",
        "This {kind} record holds changes of a computer not enrolled with the province: the server refused it.",
    ),
    "authz.kind": (
        "Máy của đơn vị này không được ghi bản ghi loại “{kind}”: máy chủ không nhận.",
        "This unit's computers may not write {kind} records: the server refused it.",
    ),
    "authz.unit": (
        "Bản ghi {kind} ghi cho đơn vị “{unit}”, ngoài phạm vi đơn vị của máy này: máy chủ không nhận.",
        "This {kind} record is for unit “{unit}”, outside this computer's area: the server refused it.",
    ),
    "authz.frozen": (
        "Bản ghi {kind} đã nộp thì không được sửa hay xóa: máy chủ giữ nguyên bản đã nhận.",
        "A submitted {kind} record is never changed nor deleted: the server keeps the one it received.",
    ),
    "authz.stored_unit": (
        "Bản ghi {kind} này thuộc một đơn vị ngoài phạm vi của máy này: không được sửa hay xoá.",
        "This {kind} record belongs to a unit outside this computer's area: it may not be changed or deleted.",
    ),
    "authz.reference": (
        "Bản ghi {kind} trỏ tới một {ref} của đơn vị khác: máy chủ không nhận.",
        "This {kind} record refers to a {ref} of another unit: the server refused it.",
    ),
    "authz.unit_new": (
        "Đơn vị “{code}” chưa có trong danh mục của Sở. Chỉ Sở GD&ĐT thêm đơn vị mới.",
        "Unit “{code}” is not in the province's registry. Only the provincial department adds units.",
    ),
    "authz.unit_other": (
        "Máy này chỉ được sửa thông tin của chính đơn vị mình.",
        "This computer may change only its own unit's details.",
    ),
    "authz.unit_delete": ("Không được xoá đơn vị khỏi danh mục.", "A unit may not be deleted from the registry."),
    "authz.unit_protected": (
        "Chỉ Sở GD&ĐT được đổi {fields} của đơn vị; máy trường chỉ sửa vùng phủ sóng, nhà mạng, "
        "internet cố định và địa chỉ.",
        "Only the provincial department changes a unit's {fields}; a school's computer changes only "
        "coverage, carrier, broadband and address.",
    ),
    "authz.receipt_only": (
        "Máy trường chỉ được ghi việc đã nhận thiết bị của một quyết định phân bổ đã phê duyệt gửi cho trường, "
        "không được đổi {fields}: máy chủ không nhận.",
        "A school's computer may only record its receipt of an approved allocation decision addressed to it, "
        "not change its {fields}: the server refused it.",
    ),
    "authz.unit_province": (
        "Đơn vị này thuộc tỉnh khác: máy chủ không nhận.",
        "This unit belongs to another province: the server refused it.",
    ),
    "authz.unverified": (
        "Bản ghi {kind} có thay đổi của một máy khác mà máy chủ chưa nhận được; sẽ gửi lại sau khi "
        "dữ liệu của máy đó đến Sở.",
        "This {kind} record holds changes of another computer the server has not received yet; it "
        "will be sent again once that computer's data reaches the province.",
    ),
    "sync.out_of_scope": (
        "Bản ghi {kind} thuộc đơn vị “{unit}”, ngoài phạm vi đơn vị của máy này: máy chủ không nhận.",
        "This {kind} record belongs to unit “{unit}”, outside this device's unit: the server refused it.",
    ),
    "sync.offline": (
        "Không kết nối được máy chủ {url}. Máy đang ngoại tuyến hoặc mạng quá yếu; dữ liệu vẫn an toàn trên máy và sẽ được gửi khi có mạng.",
        "Cannot reach the server {url}. This computer is offline or the link is too weak; the data are safe here and will be sent when a connection appears.",
    ),
    "sync.timeout": (
        "Máy chủ {url} không trả lời kịp (mạng chậm). Phần đã gửi được giữ lại; lần sau sẽ gửi tiếp.",
        "The server {url} did not answer in time (slow link). What was sent is kept; the next sync goes on from there.",
    ),
    "sync.tls_untrusted": (
        "Không xác minh được máy chủ {url}: chứng chỉ bảo mật (HTTPS) của nó không do cơ quan cấp chứng chỉ mà "
        "máy này tin cậy cấp ({reason}). Có thể ai đó đang chặn đường truyền, hoặc Sở đã đổi chứng chỉ. Máy "
        "không gửi dữ liệu nào. Hãy liên hệ Phòng/Sở GD&ĐT để nhận lại tệp chứng chỉ (CA) hoặc đăng ký lại.",
        "Cannot verify the server {url}: its security certificate (HTTPS) was not issued by an authority this "
        "computer trusts ({reason}). Someone may be intercepting the link, or the province changed its "
        "certificate. No data was sent. Contact the education office for its CA certificate file, or enrol again.",
    ),
    "sync.tls_hostname": (
        "Chứng chỉ bảo mật (HTTPS) mà máy chủ {url} đưa ra không mang tên “{host}”: đây có thể không phải máy "
        "chủ của Sở. Máy không gửi dữ liệu nào. Hãy kiểm tra lại địa chỉ máy chủ hoặc liên hệ Phòng/Sở GD&ĐT.",
        "The security certificate (HTTPS) the server {url} presented is not for “{host}”: this may not be the "
        "province's server. No data was sent. Check the server address, or contact the education office.",
    ),
    "sync.tls_expired": (
        "Chứng chỉ bảo mật (HTTPS) của máy chủ {url} đã hết hạn hoặc chưa đến ngày hiệu lực ({reason}). Hãy kiểm "
        "tra ngày giờ của máy này; nếu đúng, hãy báo Phòng/Sở GD&ĐT. Máy không gửi dữ liệu nào.",
        "The security certificate (HTTPS) of the server {url} has expired or is not valid yet ({reason}). Check "
        "this computer's date and time; if they are right, tell the education office. No data was sent.",
    ),
    "sync.tls_failed": (
        "Không lập được kết nối bảo mật (HTTPS) với máy chủ {url} ({reason}). Máy không gửi dữ liệu nào.",
        "Could not set up a secure (HTTPS) connection with the server {url} ({reason}). No data was sent.",
    ),
    "sync.tls_bad_ca": (
        "Tệp chứng chỉ (CA) của Sở không đọc được hoặc không phải chứng chỉ: {reason}.",
        "The province's CA certificate file cannot be read or is not a certificate: {reason}.",
    ),
    "sync.revoked": (
        "Máy này đã bị thu hồi quyền đồng bộ trên máy chủ. Hãy liên hệ Phòng/Sở GD&ĐT để đăng ký lại.",
        "This computer's sync access has been revoked on the server. Contact the education office to enrol again.",
    ),
    "sync.unauthorised": (
        "Máy chủ không nhận ra máy này (mã truy cập không hợp lệ). Hãy đăng ký lại bằng mã đăng ký mới.",
        "The server does not recognise this computer (invalid access token). Enrol again with a new code.",
    ),
    "sync.not_enrolled": (
        "Máy này chưa đăng ký với máy chủ. Hãy nhập địa chỉ máy chủ và mã đăng ký do Phòng/Sở GD&ĐT cấp.",
        "This computer is not enrolled with a server. Enter the server address and the enrolment code from the education office.",
    ),
    "sync.server_error": (
        "Máy chủ gặp lỗi ({status}). Dữ liệu trên máy không bị ảnh hưởng; hãy thử lại sau.",
        "The server had an error ({status}). Nothing here is affected; try again later.",
    ),
    "sync.server_refused": (
        "Máy chủ từ chối yêu cầu: {reason}",
        "The server refused the request: {reason}",
    ),
    "sync.protocol_mismatch": (
        "Máy chủ dùng giao thức đồng bộ phiên bản {server}, máy này dùng {client}. Hãy cập nhật SongMay.",
        "The server speaks sync protocol {server}, this computer {client}. Update SongMay.",
    ),
    "sync.bad_response": (
        "Câu trả lời của máy chủ không đọc được ({reason}). Hãy thử lại; nếu lặp lại, báo cho quản trị máy chủ.",
        "The server's answer cannot be read ({reason}). Try again; if it happens again, tell the server's operator.",
    ),
    "sync.cancelled": (
        "Đã dừng đồng bộ. Phần đã gửi/nhận được giữ lại.",
        "Sync stopped. What was sent or received so far is kept.",
    ),
    "sync.bad_url": (
        "Địa chỉ máy chủ “{url}” không hợp lệ. Hãy nhập như Phòng/Sở GD&ĐT cung cấp, ví dụ https://songmay.example.vn.",
        "The server address “{url}” is not valid. Enter it as the education office gave it, e.g. https://songmay.example.vn.",
    ),
    "sync.not_set_up": (
        "Hãy thiết lập trường (hoặc đơn vị) trước khi đăng ký với máy chủ.",
        "Set up the school (or office) before enrolling with a server.",
    ),
    "enrol.unit_required": ("Cần mã đơn vị (trường) để cấp mã đăng ký.", "A unit (school) code is needed to issue an enrolment code."),
    "enrol.bad_request": ("Yêu cầu đăng ký thiếu thông tin.", "The enrolment request is incomplete."),
    "enrol.code_unknown": (
        "Mã đăng ký không đúng. Hãy kiểm tra lại từng ký tự.",
        "The enrolment code is not valid. Check it character by character.",
    ),
    "enrol.code_used": (
        "Mã đăng ký này đã được dùng. Mỗi mã chỉ dùng một lần; hãy xin mã mới.",
        "This enrolment code has been used already. Each code works once; ask for a new one.",
    ),
    "enrol.code_expired": (
        "Mã đăng ký đã hết hạn. Hãy xin mã mới.",
        "The enrolment code has expired. Ask for a new one.",
    ),
    "enrol.unit_mismatch": (
        "Trường {code} đã được đăng ký trên máy chủ với một cơ sở dữ liệu khác. Hãy đăng ký từ một bản cài mới (chưa thiết lập) để nhận dữ liệu của trường.",
        "School {code} is registered on the server with another database. Enrol a fresh installation (not set up) to receive the school's data.",
    ),
    "enrol.unit_unknown": (
        "Máy chủ chưa có trường {code}. Hãy thiết lập trường {code} trên máy này trước khi đăng ký.",
        "The server does not know school {code} yet. Set up school {code} on this computer before enrolling.",
    ),
    "enrol.code_other_unit": (
        "Mã đăng ký dành cho đơn vị {code}, nhưng máy này đã thiết lập cho {mine}.",
        "The enrolment code is for unit {code}, but this computer is set up for {mine}.",
    ),
    "enrol.file_other_unit": (
        "Tệp đăng ký dành cho trường {code}, nhưng máy này đã thiết lập cho {mine}.",
        "The enrolment file is for school {code}, but this computer is set up for {mine}.",
    ),
    "enrol.already_enrolled": (
        "Máy này đã đăng ký với máy chủ tỉnh ({unit}, {server}); không cần tệp đăng ký.",
        "This computer is already enrolled with the provincial server ({unit}, {server}); it needs no enrolment file.",
    ),
    "enrol.file_damaged": (
        "Tệp đăng ký không dùng được: phần “{what}” bị hỏng hoặc bị sửa. Hãy xin cán bộ cấp tệp mới.",
        "The enrolment file cannot be used: its “{what}” part is damaged or was altered. Ask the officer for a new file.",
    ),
    "enrol.file_unreadable": ("Không đọc được tệp đăng ký: {detail}.", "Cannot read the enrolment file: {detail}."),
    "enrol.file_malformed": (
        "Tệp đăng ký không dùng được: {reason}. Hãy xin cán bộ cấp tệp mới.",
        "The enrolment file cannot be used: {reason}. Ask the officer for a new file.",
    ),
    "enrol.file_newer": (
        "Tệp đăng ký được tạo bởi phiên bản SongMay mới hơn (định dạng {found}, máy này đọc đến {supported}). "
        "Hãy cập nhật SongMay.",
        "The enrolment file was made by a newer SongMay (format {found}; this one reads up to {supported}). "
        "Update SongMay.",
    ),
    "enrol.other_province": (
        "Tệp đăng ký này do một tỉnh khác cấp; không dùng được ở đây.",
        "This enrolment file was issued for another province; it cannot be used here.",
    ),
    "enrol.delegation_expired": (
        "Quyền cấp tệp đăng ký của cán bộ đã hết hạn ngày {until}. Cán bộ cần đồng bộ với máy chủ tỉnh để được gia hạn.",
        "The officer's right to issue enrolment files ended on {until}. The officer must sync with the province to renew it.",
    ),
    "enrol.file_expired": (
        "Tệp đăng ký đã hết hạn ngày {until}. Hãy xin cán bộ cấp tệp mới.",
        "The enrolment file expired on {until}. Ask the officer for a new one.",
    ),
    "enrol.school_outside": (
        "Trường {code} không thuộc phạm vi của cán bộ cấp tệp đăng ký.",
        "School {code} is outside the area of the officer who issued the enrolment file.",
    ),
    "enrol.no_delegation": (
        "Máy này chưa được tỉnh giao quyền cấp tệp đăng ký. Hãy đồng bộ với máy chủ tỉnh một lần khi có mạng.",
        "This computer has not been given the right to issue enrolment files yet. Sync with the province once online.",
    ),
    "enrol.school_unknown": (
        "Không có trường mã “{code}” trong dữ liệu của đơn vị.",
        "No school with code “{code}” in this office's data.",
    ),
    "enrol.proof_stale": (
        "Đồng hồ của máy lệch quá nhiều so với máy chủ. Hãy chỉnh ngày giờ rồi thử lại.",
        "This computer's clock is too far from the server's. Set the date and time, then try again.",
    ),
    "enrol.officer_revoked": (
        "Cán bộ ({unit}) cấp tệp đăng ký này đã bị thu hồi quyền; máy đăng ký bằng tệp này không được nhận.",
        "The officer ({unit}) who issued this enrolment file has been revoked; computers enrolled with it are refused.",
    ),
    "bundle.enrolment_refused": (
        "Tệp “{name}” đến từ một máy mới của {unit}, đăng ký bằng tệp của cán bộ, nhưng tệp đăng ký không hợp lệ: "
        "{reason} Không nhập gì.",
        "“{name}” comes from a new computer of {unit}, enrolled with an officer's file, but that file is not valid: "
        "{reason} Nothing was imported.",
    ),
    "cli.enrolment_issued": (
        "Đã ghi tệp đăng ký cho một máy mới của trường {school}: {path} (dùng được đến {until}). "
        "Mỗi tệp chỉ dùng cho một máy.",
        "Enrolment file for a new computer of school {school} written: {path} (valid until {until}). "
        "Each file enrols one computer.",
    ),
    "cli.enrol_usage": (
        "Cần --server và --code (đăng ký qua mạng), hoặc --file (tệp đăng ký của cán bộ).",
        "Give --server and --code (enrol online), or --file (an officer's enrolment file).",
    ),
    "cli.enrolled_offline": (
        "Máy này đã đăng ký cho trường {unit} bằng tệp của cán bộ. Gói USB xuất từ nay gửi cho tỉnh và cán bộ; "
        "lần đồng bộ đầu tiên khi có mạng sẽ hoàn tất đăng ký.",
        "This computer is now enrolled for school {unit} with the officer's file. Its USB bundles go to the province "
        "and the officer; the first sync with a network completes the enrolment.",
    ),
    "server.bundle_repeated": (
        "{name}: {records} bản ghi của {unit} — Sở đã nhận gói này trước đây; không có gì mới.",
        "{name}: {records} records of {unit} — the province had received this bundle before; nothing new.",
    ),
    "server.bundle_taken": (
        "{name}: {records} bản ghi của {unit} — {inserted} mới, {updated} cập nhật, {conflicts} xung đột, "
        "{rejected} bị từ chối.",
        "{name}: {records} records of {unit} — {inserted} new, {updated} updated, {conflicts} in conflict, "
        "{rejected} refused.",
    ),
    "server.ack_written": (
        "Đã ghi giấy báo nhận: {path}",
        "Acknowledgement written: {path}",
    ),
    "server.device_unknown": ("Không có máy nào đăng ký với mã “{device}”.", "No enrolled device “{device}”."),
    "server.device_ambiguous": (
        "Có nhiều máy bắt đầu bằng “{device}”; hãy nhập dài hơn.",
        "Several devices start with “{device}”; give more of the id.",
    ),
    "server.role_unknown": ("Vai trò “{role}” không có; chọn một trong: {roles}.", "No role “{role}”; choose one of: {roles}."),
    "server.password_short": ("Mật khẩu cần ít nhất 10 ký tự.", "The password needs at least 10 characters."),
    "server.login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    # --- operator accounts and logins (server/accounts.py, server/limits.py)
    "server.account_exists": (
        "Đã có tài khoản “{name}”; không tạo lại. Đổi mật khẩu: songmay-server user passwd {name} --password-stdin.",
        "An account “{name}” exists already; nothing was added. To change its password: "
        "songmay-server user passwd {name} --password-stdin.",
    ),
    "server.account_unknown": ("Không có tài khoản “{name}”.", "No account “{name}”."),
    "server.passwords_differ": ("Hai lần nhập mật khẩu không khớp.", "The two passwords typed differ."),
    "server.account_name_bad": (
        "Tên tài khoản “{name}” không dùng được: cần 1 đến {limit} ký tự, không có khoảng trắng hay dấu “:”.",
        "The account name “{name}” cannot be used: 1 to {limit} characters, no spaces and no “:”.",
    ),
    "server.account_added": ("Đã tạo tài khoản “{name}” ({role}).", "Account “{name}” ({role}) added."),
    "server.account_disabled": (
        "Đã khoá tài khoản “{name}”: không đăng nhập được nữa.",
        "Account “{name}” disabled: it can no longer log in.",
    ),
    "server.account_enabled": ("Đã mở lại tài khoản “{name}”.", "Account “{name}” enabled again."),
    "server.password_changed": ("Đã đổi mật khẩu của “{name}”.", "The password of “{name}” was changed."),
    "server.too_many_attempts": (
        "Thử sai quá nhiều lần; hãy thử lại sau {seconds} giây.",
        "Too many failed attempts; try again in {seconds} seconds.",
    ),
    "server.login_limited": (
        "Đăng nhập sai quá nhiều lần; hãy thử lại sau {seconds} giây.",
        "Too many failed logins; try again in {seconds} seconds.",
    ),
    "server.login_busy": (
        "Máy chủ đang bận kiểm tra đăng nhập; hãy thử lại sau vài giây.",
        "The server is busy checking logins; try again in a few seconds.",
    ),
    # --- the province's keys (server/keys.py)
    "server.key_file_missing": (
        "Không thấy tệp khoá của tỉnh {path}. Cơ sở dữ liệu dùng khoá “{name}” ({fingerprint}): hãy đặt lại tệp khoá "
        "đúng (bản sao lưu) hoặc chỉ đường dẫn bằng SONGMAY_SERVER_KEY_FILE. Máy chủ không tự tạo khoá mới.",
        "The province's key file {path} is missing. The database uses key “{name}” ({fingerprint}): put the right key "
        "file back (from its backup) or give its path in SONGMAY_SERVER_KEY_FILE. The server does not make a new key.",
    ),
    "server.key_file_mismatch": (
        "Tệp khoá {path} không phải của cơ sở dữ liệu này: không có khoá “{name}” ({fingerprint}). "
        "Hãy chỉ đúng tệp bằng SONGMAY_SERVER_KEY_FILE.",
        "The key file {path} does not belong to this database: it lacks key “{name}” ({fingerprint}). "
        "Give the right file in SONGMAY_SERVER_KEY_FILE.",
    ),
    "server.key_file_damaged": (
        "Tệp khoá {path} bị hỏng ({reason}); hãy lấy lại từ bản sao lưu.",
        "The key file {path} is damaged ({reason}); restore it from its backup.",
    ),
    "server.key_file_newer": (
        "Tệp khoá {path} do phiên bản mới hơn tạo (định dạng {found}); hãy cập nhật SongMay.",
        "The key file {path} was made by a newer version (format {found}); update SongMay.",
    ),
    "server.key_file_unreadable": (
        "Không đọc được tệp khoá {path}: {detail}",
        "The key file {path} cannot be read: {detail}",
    ),
    "server.key_passphrase_needed": (
        "Tệp khoá {path} được mã hoá: hãy đặt mật khẩu của nó trong biến môi trường {env}.",
        "The key file {path} is encrypted: set its passphrase in the environment variable {env}.",
    ),
    "server.key_passphrase_wrong": (
        "Mật khẩu trong {env} không mở được tệp khoá {path}: sai mật khẩu (hoặc tệp đã bị sửa).",
        "The passphrase in {env} does not open the key file {path}: wrong passphrase (or the file was altered).",
    ),
    "server.key_unknown": ("Không có khoá “{name}”.", "No key “{name}”."),
    "server.key_current": (
        "“{name}” là khoá hiện hành, không bỏ được; hãy đổi khoá (key rotate) trước.",
        "“{name}” is the current key and cannot be retired; rotate first (key rotate).",
    ),
    "server.key_rotated": (
        "Khoá mới của tỉnh: {new}. Khoá cũ giữ lại với tên “{old}” để mở các gói USB đã mã hoá cho nó; các máy nhận "
        "khoá mới ở lần đồng bộ tới. Khi “key show” cho thấy không còn máy nào dùng khoá cũ: "
        "songmay-server key retire {old}.",
        "The province's new key: {new}. The old one is kept as “{old}” to open USB bundles sealed to it; devices learn "
        "the new key at their next sync. When “key show” shows no installation using the old key any more: "
        "songmay-server key retire {old}.",
    ),
    "server.key_retired": (
        "Đã bỏ khoá “{name}” ({fingerprint}): các gói mã hoá cho khoá này không mở được nữa.",
        "Key “{name}” ({fingerprint}) retired: bundles sealed to it can no longer be opened.",
    ),
    "server.key_passphrase_set": (
        "Tệp khoá {path} đã được mã hoá lại; máy chủ cần mật khẩu mới trong {env}.",
        "The key file {path} is encrypted again; the server needs the new passphrase in {env}.",
    ),
    "server.key_passphrase_removed": (
        "Tệp khoá {path} không còn mã hoá (chỉ quyền đọc của tệp bảo vệ nó).",
        "The key file {path} is no longer encrypted (only its file permissions protect it).",
    ),
    "protocol.too_large": (
        "Bản ghi {kind} {id} lớn hơn giới hạn một gói đồng bộ ({limit} byte).",
        "Record {kind} {id} is larger than one sync batch may be ({limit} bytes).",
    ),
    # --- USB bundles (sync/bundle.py, sync/usb.py)
    "bundle.not_bundle": (
        "Tệp “{name}” không phải gói dữ liệu USB của SongMay; không nhập gì.",
        "“{name}” is not a SongMay USB bundle; nothing was imported.",
    ),
    "bundle.truncated": (
        "Tệp “{name}” không đầy đủ ({have} trên {want} byte): việc chép tệp đã bị ngắt (có thể USB bị rút ra khi đang ghi). "
        "Không nhập gì; hãy nhờ trường xuất lại gói.",
        "“{name}” is incomplete ({have} of {want} bytes): the copy was cut short (perhaps the USB stick was pulled out "
        "while writing). Nothing was imported; ask the school to export it again.",
    ),
    "bundle.newer": (
        "Tệp “{name}” được tạo bởi phiên bản SongMay mới hơn (định dạng gói {found}; phiên bản này đọc được đến {supported}). "
        "Hãy cập nhật SongMay rồi nhập lại; không nhập gì.",
        "“{name}” was made by a newer SongMay (bundle format {found}; this version reads up to {supported}). "
        "Update SongMay, then import it again; nothing was imported.",
    ),
    "bundle.damaged": (
        "Tệp “{name}” bị hỏng hoặc đã bị sửa sau khi ký ({reason}). Không nhập gì; hãy nhờ trường xuất lại gói.",
        "“{name}” is damaged or was altered after it was signed ({reason}). Nothing was imported; "
        "ask the school to export it again.",
    ),
    "bundle.unknown_sender": (
        "Tệp “{name}” được ký bởi một máy mà máy này chưa biết (máy {device}, đơn vị {unit}); không nhập gì. "
        "Hãy đồng bộ với máy chủ tỉnh để nhận danh sách máy mới đăng ký, rồi nhập lại.",
        "“{name}” is signed by a computer this one does not know (computer {device}, unit {unit}); nothing was imported. "
        "Sync with the provincial server to learn newly enrolled computers, then import it again.",
    ),
    "bundle.revoked": (
        "Tệp “{name}” đến từ một máy đã bị thu hồi quyền (máy {device}, đơn vị {unit}): gói bị từ chối, không nhập gì.",
        "“{name}” comes from a computer whose access was revoked (computer {device}, unit {unit}): "
        "it is refused and nothing was imported.",
    ),
    "bundle.other_unit": (
        "Tệp “{name}” là dữ liệu của đơn vị {unit}, không thuộc địa bàn của đơn vị này; không nhập gì.",
        "“{name}” is for another unit: it holds the data of {unit}, outside this office's area; nothing was imported.",
    ),
    "bundle.not_addressed": (
        "Tệp “{name}” không gửi cho cán bộ này (chỉ những nơi sau đọc được: {readers}); không nhập gì. "
        "Trường cần đồng bộ để nhận danh sách người nhận mới rồi xuất lại.",
        "“{name}” is not addressed to this officer (it can be read by: {readers}); nothing was imported. "
        "The school must learn the new recipients (sync) and export again.",
    ),
    "bundle.key_mismatch": (
        "Không mở được tệp “{name}” bằng khoá của máy này (khoá đã thay đổi sau khi đăng ký?); không nhập gì.",
        "“{name}” cannot be opened with this computer's key (did the key change since enrolment?); nothing was imported.",
    ),
    "bundle.export_cancelled": (
        "Đã huỷ xuất gói USB; không ghi tệp nào.",
        "USB export cancelled; no file was written.",
    ),
    "bundle.not_for_us": (
        "Bỏ qua “{name}”: gói của {unit}, không gửi cho máy này.",
        "Skipped “{name}”: a bundle of {unit}, not addressed to this computer.",
    ),
    "bundle.carried": (
        "“{name}” của {unit} ({records} bản ghi, xuất lúc {created}) được mã hoá cho Sở GD&ĐT trước khi máy "
        "cán bộ này có trong danh sách người nhận của trường, nên máy này không đọc được nội dung. Chữ ký của "
        "máy trường đã được kiểm tra. Gói được giữ nguyên để chuyển lên Sở ở lần đồng bộ tới; sau lần đó số "
        "liệu của trường về máy này. Để lần sau đọc được ngay: trường đồng bộ một lần khi có sóng, hoặc nhập "
        "biên nhận (ACK_…) cán bộ mang về, rồi mới xuất gói.",
        "“{name}” of {unit} ({records} records, exported {created}) is sealed for the provincial department "
        "only: the school exported it before this officer's computer was among its readers, so it cannot be "
        "read here. The school computer's signature was checked. It is kept as it is and relayed to the "
        "province at the next sync; after that sync the school's records come to this computer. To read the "
        "next one at once: the school syncs once where there is signal, or imports the acknowledgement "
        "(ACK_…) the officer brings back, before it exports.",
    ),
    "bundle.carried_unchecked": (
        "“{name}” của {unit} ({records} bản ghi, xuất lúc {created}) được mã hoá cho Sở GD&ĐT, và máy trường "
        "đã ký gói này đăng ký sau lần đồng bộ gần nhất của máy cán bộ, nên máy này chưa kiểm tra được chữ ký "
        "và không đọc được nội dung. Gói được giữ nguyên để chuyển lên Sở (Sở kiểm tra chữ ký) ở lần đồng bộ "
        "tới. Để lần sau đọc được ngay: trường đồng bộ một lần, hoặc nhập biên nhận cán bộ mang về, rồi mới "
        "xuất gói.",
        "“{name}” of {unit} ({records} records, exported {created}) is sealed for the provincial department, "
        "and the school computer that signed it enrolled after this officer's last sync, so its signature "
        "cannot be checked here and its content cannot be read. It is kept as it is and relayed to the "
        "province (which checks the signature) at the next sync. To read the next one at once: the school "
        "syncs once, or imports the acknowledgement the officer brings back, before it exports.",
    ),
    "bundle.already": (
        "Tệp “{name}” đã được nhập lúc {at}; không có gì thay đổi.",
        "“{name}” was already imported on {at}; nothing changed.",
    ),
    "bundle.read_failed": (
        "Không đọc được tệp “{name}” ({detail}).",
        "Cannot read “{name}” ({detail}).",
    ),
    "bundle.not_a_file": (
        "Không đọc “{name}”: {what}. Không nhập gì.",
        "“{name}” was not read: {what}. Nothing was imported.",
    ),
    "bundle.too_large": (
        "Tệp “{name}” quá lớn để là một gói USB ({size} MB; tối đa {limit} MB): không đọc, không nhập gì.",
        "“{name}” is too large to be a USB bundle ({size} MB; at most {limit} MB): it was not read, "
        "and nothing was imported.",
    ),
    "bundle.write_failed": (
        "Không ghi được gói vào “{path}” ({detail}). USB còn cắm không, còn chỗ trống không? Tệp cũ (nếu có) vẫn nguyên vẹn.",
        "Cannot write the bundle to “{path}” ({detail}). Is the USB stick still in, with free space? "
        "Any earlier file is untouched.",
    ),
    "bundle.not_enrolled": (
        "Máy này chưa đăng ký với máy chủ tỉnh nên chưa có khoá để mã hoá hay mở gói USB. Hãy đăng ký trước: "
        "Đồng bộ → Kết nối với máy chủ của Sở… (bằng mã đăng ký, hoặc tệp đăng ký của cán bộ), hoặc lệnh songmay enrol.",
        "This computer is not enrolled with the provincial server, so it has no keys to encrypt or open USB bundles. "
        "Enrol it first: Sync → Connect to the provincial server… (with a code, or an officer's enrolment file), "
        "or the command songmay enrol.",
    ),
    "bundle.record_out_of_scope": (
        "Bản ghi {kind} thuộc đơn vị “{unit}”, ngoài địa bàn của đơn vị này: không nhập.",
        "This {kind} record belongs to unit “{unit}”, outside this office's area: not imported.",
    ),
    "bundle.none_found": (
        "Không tìm thấy gói USB (.smb) nào trong: {paths}.",
        "No USB bundle (.smb) found in: {paths}.",
    ),
    "cli.export_done": (
        "Đã ghi gói USB: {path} ({records} bản ghi của {unit}, {size} KB).",
        "USB bundle written: {path} ({records} records of {unit}, {size} KB).",
    ),
    "cli.minute_usage": (
        "Cho biết số biên bản (ví dụ 001/2025/BBBG-TH0001) hoặc --student <số định danh của học sinh>.",
        "Give a minute number (e.g. 001/2025/BBBG-TH0001) or --student <the child's personal ID>.",
    ),
    "cli.minute_unknown": (
        "Không có biên bản số “{number}” trên máy này. Xem số biên bản ở màn hình Bàn giao (cột Số biên bản).",
        "There is no minute no. “{number}” on this computer. The numbers are in the Handovers screen "
        "(column Minute no.).",
    ),
    "cli.minute_no_student": (
        "Không tìm thấy học sinh “{student}” (số định danh cá nhân, mã học sinh của Bộ hoặc mã hồ sơ).",
        "No child “{student}” was found (personal ID, MOET student code or record id).",
    ),
    "cli.minute_none_for_child": (
        "{name} chưa có biên bản bàn giao nào.",
        "{name} has no handover minute yet.",
    ),
    "cli.minute_written": ("Đã ghi biên bản số {number} vào {path}.", "Minute no. {number} written to {path}."),
    "cli.minute_others": (
        "Các biên bản khác của học sinh này: {numbers} (in bằng: songmay minute <số> --out <tệp.pdf>).",
        "This child's other minutes: {numbers} (print one with: songmay minute <number> --out <file.pdf>).",
    ),
    "cli.minute_not_pdf": ("Tệp ra phải là .pdf: “{path}”.", "The output must be a .pdf file: “{path}”."),
    "cli.export_nothing": (
        "Không có gì mới để gửi lên Sở: Sở đã có mọi bản ghi của máy này, nên không ghi gói rỗng nào. "
        "(Dùng --everything để xuất lại tất cả, ví dụ khi chiếc USB trước bị mất.)",
        "Nothing new for the province: it has every record of this computer, so no empty bundle was written. "
        "(Use --everything to export it all again, e.g. when an earlier stick was lost.)",
    ),
    "cli.export_acks": (
        "Đã chép {count} giấy báo nhận của tỉnh cho các trường vào {folder}.",
        "Copied {count} acknowledgements from the province for the schools to {folder}.",
    ),
    "cli.import_done": (
        "{name}: đã nhập {records} bản ghi từ {unit}.",
        "{name}: imported {records} records from {unit}.",
    ),
    "cli.import_school": (
        "  {code} {school}: mới {new}, thay đổi {changed}, xung đột {conflicts}, đã có {unchanged}, "
        "trùng với trường khác {duplicates}, bị từ chối {refused}",
        "  {code} {school}: new {new}, changed {changed}, in conflict {conflicts}, already here {unchanged}, "
        "duplicated at another school {duplicates}, refused {refused}",
    ),
    "cli.import_record_refused": (
        "    bị từ chối: {kind} {id}: {reason}",
        "    refused: {kind} {id}: {reason}",
    ),
    "cli.import_duplicates": (
        "Trẻ đang được hỗ trợ ở hai trường trở lên (cùng số định danh): {count}",
        "Children active at two or more schools (same personal ID): {count}",
    ),
    "cli.import_summary": (
        "{total} gói: {imported} đã nhập, {already} đã nhập trước đó, {refused} bị từ chối, "
        "{skipped} không gửi cho máy này ({seconds:.1f} giây).",
        "{total} bundles: {imported} imported, {already} imported before, {refused} refused, "
        "{skipped} not addressed to this computer ({seconds:.1f} s).",
    ),
    # --- local users (app/users.py, app/ops/users.py)
    "users.role_needed": (
        "Cần {role} {action} — đăng nhập bằng tài khoản {role} ({names}).",
        "Needs the {role} to {action} — sign in with the {role}'s account ({names}).",
    ),
    "users.role_missing": (
        "Cần {role} {action} — máy này chưa có tài khoản {role}: thêm ở Tệp → Người dùng… "
        "(hoặc songmay user add).",
        "Needs the {role} to {action} — this computer has no {role} account yet: add one in "
        "File → Users… (or songmay user add).",
    ),
    "users.name_required": ("Cần nhập họ tên người dùng.", "Enter the user's name."),
    "users.name_taken": ("Đã có người dùng “{name}”.", "There is already a user “{name}”."),
    "users.role_invalid": (
        "Vai trò “{role}” không có; chọn một trong: {roles}.",
        "There is no role “{role}”; choose one of: {roles}.",
    ),
    "users.pin_invalid": (
        "Mã PIN phải gồm 4 đến 8 chữ số.",
        "The PIN must be 4 to 8 digits.",
    ),
    "users.not_found": ("Không có người dùng “{name}”.", "There is no user “{name}”."),
    "users.last_head": (
        "Không thể khóa “{name}”: đây là tài khoản hiệu trưởng cuối cùng — thêm một hiệu trưởng "
        "khác trước.",
        "Cannot disable “{name}”: this is the last school head account — add another head first.",
    ),
    "users.last_user": (
        "Không thể khóa “{name}”: máy này sẽ không còn ai đăng nhập được — thêm người khác trước.",
        "Cannot disable “{name}”: nobody could sign in on this computer any more — add someone else first.",
    ),
    "users.not_allowed": (
        "Chỉ hiệu trưởng hoặc cán bộ mới được quản lý người dùng.",
        "Only a school head or an officer may manage users.",
    ),
    "users.wrong_pin": ("Sai mã PIN.", "Wrong PIN."),
    "users.added": ("Đã thêm {role} “{name}”.", "Added {role} “{name}”."),
    "users.disabled": ("Đã khóa tài khoản “{name}”.", "Disabled the account “{name}”."),
    "users.pin_reset": ("Đã đặt lại mã PIN của “{name}”.", "The PIN of “{name}” was reset."),
    "users.none": ("Chưa có người dùng nào.", "No users yet."),
    "users.demo_accounts": (
        "Tài khoản để đăng nhập (đổi mã PIN ở Tệp → Người dùng…):",
        "Accounts to sign in with (change the PINs in File → Users…):",
    ),
    "users.account_line": ("  {role}: {name} — mã PIN {pin}", "  {role}: {name} — PIN {pin}"),
    "users.pin_prompt": ("Mã PIN (4–8 chữ số): ", "PIN (4–8 digits): "),
    "users.disabled_mark": ("đã khóa", "disabled"),
    "users.approval_waiting_you": (
        "— {count} nhu cầu đã gửi đang chờ xác minh hoặc phê duyệt: duyệt ở trang Học sinh.",
        "— {count} submitted needs wait to be verified or approved: review them on the Students page.",
    ),
    "users.approval_waiting": (
        "— {count} nhu cầu đã gửi đang chờ phê duyệt. {who}",
        "— {count} submitted needs wait for approval. {who}",
    ),
    "unit.code_format": (
        "Mã trường chỉ gồm chữ cái không dấu, chữ số, dấu - và _ (không có khoảng trắng): “{value}”.",
        "The school code may hold only letters, digits, - and _ (no spaces): “{value}”.",
    ),
}

# Field labels used inside messages.
FIELDS: dict[str, tuple[str, str]] = {
    "full_name": ("Họ và tên", "Full name"),
    "birth_date": ("Ngày sinh", "Birth date"),
    "sex": ("Giới tính", "Sex"),
    "personal_id": ("Số định danh", "Personal ID"),
    "class_name": ("Lớp", "Class"),
    "school_year": ("Năm học", "School year"),
    "guardian_phone": ("Số điện thoại", "Phone"),
    "household": ("Diện hộ", "Household category"),
    "unit_id": ("Đơn vị", "Unit"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "kind": ("Loại", "Kind"),
    "level": ("Cấp học", "Level"),
    "status": ("Trạng thái", "Status"),
    "device_requested": ("Thiết bị đề nghị", "Device requested"),
    "donor_name": ("Nhà tài trợ", "Donor"),
    "donor_kind": ("Loại nhà tài trợ", "Donor kind"),
    "cash_vnd": ("Tiền mặt (đồng)", "Cash (VND)"),
    "received_date": ("Ngày tiếp nhận", "Date received"),
    "decision_no": ("Số quyết định", "Decision number"),
    "decision_date": ("Ngày quyết định", "Decision date"),
    "date": ("Ngày", "Date"),
    "village": ("Thôn/bản", "Village"),
    "number": ("Số thuê bao", "Number"),
    "carrier": ("Nhà mạng", "Carrier"),
    "free_until": ("Miễn phí đến", "Free until"),
    "condition": ("Tình trạng", "Condition"),
    "value_vnd": ("Giá trị (đồng)", "Value (VND)"),
    "coverage": ("Sóng di động", "Mobile coverage"),
    "event": ("Sự kiện", "Event"),
    "poverty_cert_year": ("Năm cấp giấy chứng nhận", "Certificate year"),
    "poverty_cert_no": ("Số giấy chứng nhận hộ nghèo", "Poverty certificate number"),
    "policy_family": ("Gia đình chính sách", "Policy family"),
    "covid_orphan": ("Mồ côi do COVID-19", "Orphaned by COVID-19"),
    "covid_hardship": ("Khó khăn do COVID-19", "COVID-19 hardship"),
    "guardian_relation": ("Quan hệ với học sinh", "Relation to the child"),
    "moet_code": ("Mã học sinh (Bộ GD&ĐT)", "MOET student code"),
    "covered_on": ("Ngày có sóng", "Covered on"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "refers_to": ("Biên bản gốc", "Original minute"),
    "student_id": ("Học sinh", "Student"),
    "devices": ("Thiết bị", "Devices"),
    "inspection": ("Kiểm tra cấu hình", "Inspection"),
    "meets_spec": ("Đạt cấu hình tối thiểu", "Meets minimum specification"),
    "current_device": ("Thiết bị hiện có", "Device the child has now"),
    "home_internet": ("Internet tại nhà", "Internet at home"),
    "to_unit_id": ("Đơn vị nhận", "Receiving unit"),
    "guardian_name": ("Người nhận (phụ huynh)", "Receiving guardian"),
    "device_id": ("Thiết bị", "Device"),
    "serial": ("Số serial", "Serial number"),
    "imei": ("IMEI", "IMEI"),
    "iccid": ("ICCID", "ICCID"),
    "commune_code": ("Xã/phường", "Commune/ward"),
    "parent_id": ("Đơn vị cấp trên", "Parent unit"),
    "receipt_no": ("Số biên nhận", "Receipt number"),
    "counts": ("Số lượng theo loại", "Counts per kind"),
    "device_ids": ("Danh sách thiết bị", "List of devices"),
}


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _language = lang


def language() -> str:
    return _language


def field_label(field: str, lang: str | None = None) -> str:
    pair = FIELDS.get(field)
    if pair is None:
        return field
    return pair[LANGUAGES.index(lang or _language)]


def text(key: str, lang: str | None = None, /, **params: object) -> str:
    """The message for ``key`` in ``lang`` (default: the current language)."""
    lang = lang or _language
    vi_en = CATALOG[key]
    template = vi_en[LANGUAGES.index(lang)]
    if "field" in params:
        params = {**params, "field": field_label(str(params["field"]), lang)}
    # a (Vietnamese, English) pair given as a parameter is shown in the message's language
    params = {k: v[LANGUAGES.index(lang)] if isinstance(v, tuple) and len(v) == 2 else v
              for k, v in params.items()}
    return template.format(**params)
