"""The reports' own words, Vietnamese first (the official language of the forms) and
English. Choice values (device kinds, households…) come from app.records."""

from __future__ import annotations

from app.records import label

PROGRAMME = ("Chương trình “Sóng và máy tính cho em”", "Programme “Waves and computers for kids”")

TITLES = {
    "needs": ("BÁO CÁO NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TẬP", "REPORT ON THE NEED FOR LEARNING DEVICES"),
    "mobilisation": ("BÁO CÁO KẾT QUẢ HUY ĐỘNG, TIẾP NHẬN TÀI TRỢ", "REPORT ON DONATIONS MOBILISED AND RECEIVED"),
    "handovers": ("BÁO CÁO THIẾT BỊ TRAO TẶNG CHO HỌC SINH", "REPORT ON DEVICES GIVEN TO STUDENTS"),
    "missed": ("DANH SÁCH HỌC SINH THUỘC DIỆN ƯU TIÊN CHƯA NHẬN THIẾT BỊ",
               "CHILDREN IN A PRIORITY GROUP STILL WITHOUT A DEVICE"),
    "coverage": ("BÁO CÁO HIỆN TRẠNG SÓNG DI ĐỘNG TẠI TRƯỜNG HỌC VÀ THÔN, BẢN",
                 "REPORT ON MOBILE SIGNAL AT SCHOOLS AND IN VILLAGES"),
    "review": ("BÁO CÁO SƠ KẾT 6 THÁNG", "SIX-MONTH REVIEW"),
}

WORDS = {
    # header and footer
    "motto": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "slogan": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "number": ("Số: {0}", "No.: {0}"),
    "period": ("Kỳ báo cáo: từ ngày {0} đến ngày {1}", "Period: from {0} to {1}"),
    "previous_period": ("Kỳ trước: từ ngày {0} đến ngày {1}", "Previous period: from {0} to {1}"),
    "school_year": ("Năm học {0}", "School year {0}"),
    "preparer": ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
    "head": ("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF UNIT"),
    "sign": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "sign_seal": ("(Ký tên, đóng dấu)", "(Signature and seal)"),
    "total": ("Tổng cộng", "Total"),
    "stt": ("STT", "No."),
    "list": ("Danh sách", "List"),
    "report": ("Báo cáo", "Report"),
    "national": ("Toàn quốc", "Whole country"),
    "direct": ("Đơn vị trực tiếp", "The unit itself"),
    "draft": ("BẢN NHÁP – CHƯA GỬI", "DRAFT – NOT SUBMITTED"),
    "submitted_on": ("Đã gửi ngày {0}, người gửi: {1}", "Submitted on {0} by {1}"),
    # what the rows are
    "class": ("Lớp", "Class"),
    "school": ("Trường", "School"),
    "commune": ("Xã/phường", "Commune/ward"),
    "province": ("Tỉnh/thành phố", "Province"),
    "donor": ("Nhà tài trợ", "Donor"),
    "village": ("Thôn/bản", "Village"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "level": ("Cấp học", "School level"),
    # column groups
    "g_tier": ("Theo mức ưu tiên", "By priority tier"),
    "g_household": ("Theo đối tượng", "By household"),
    "g_device": ("Thiết bị đề nghị", "Device requested"),
    "g_kind": ("Thiết bị theo loại", "Devices by kind"),
    "g_inspection": ("Kiểm tra cấu hình", "Inspection"),
    "g_waiting": ("Chưa nhận thiết bị, theo mức ưu tiên", "Still without a device, by tier"),
    "g_schools": ("Trường học", "Schools"),
    "g_gaps": ("Thôn, bản chưa có sóng (điểm lõm sóng)", "Villages without signal"),
    # columns
    "in_need": ("Tổng số HS có nhu cầu", "Children in need"),
    "tier_1": ("Mức 1 (hộ nghèo)", "Tier 1 (poor)"),
    "tier_2": ("Mức 2 (cận nghèo)", "Tier 2 (near-poor)"),
    "tier_3": ("Mức 3 (COVID-19)", "Tier 3 (COVID-19)"),
    "tier_4": ("Mức 4 (khó khăn khác)", "Tier 4 (other hardship)"),
    "policy": ("Gia đình chính sách", "Policy family"),
    "hh_other": ("Khác (COVID-19…)", "Other (COVID-19…)"),
    "of_which_policy": ("Trong đó: gia đình chính sách", "Of which: policy families"),
    "covid_orphan": ("Mồ côi do COVID-19", "Orphaned by COVID-19"),
    "covid_hardship": ("Khó khăn do COVID-19", "COVID-19 hardship"),
    "minority": ("HS dân tộc thiểu số", "Ethnic-minority children"),
    "needs_sim": ("Cần SIM/gói cước", "Need a SIM/data"),
    "approved": ("Đã phê duyệt", "Approved"),
    "fulfilled": ("Đã nhận thiết bị", "Received a device"),
    "donations": ("Số lượt tài trợ", "Donations"),
    "cash": ("Tiền mặt (đồng)", "Cash (VND)"),
    "devices": ("Tổng số thiết bị", "Devices in all"),
    "value": ("Giá trị thiết bị (đồng)", "Value of devices (VND)"),
    "meets": ("Đạt cấu hình tối thiểu", "Meet the minimum spec"),
    "fails": ("Không đạt", "Below the minimum spec"),
    "pending": ("Chưa kiểm tra", "Not inspected"),
    "children": ("Số HS được nhận", "Children given a device"),
    "handed": ("Số thiết bị đã trao", "Devices handed over"),
    "sims": ("SIM/gói cước đã trao", "SIMs given"),
    "signed": ("Biên bản giấy đã ký", "Signed paper minutes"),
    "closed": ("Đã thu hồi/chuyển giao", "Returned or reassigned"),
    "approved_all": ("HS được phê duyệt", "Children approved"),
    "holding": ("Đang giữ thiết bị", "Holding a device"),
    "waiting": ("Chưa nhận thiết bị", "Still without a device"),
    "no_need": ("Thuộc diện ưu tiên, chưa lập đề nghị", "Eligible, no need recorded"),
    "schools": ("Số trường", "Schools"),
    "no_signal": ("Không có sóng", "No signal"),
    "only_2g": ("Chỉ có 2G", "2G only"),
    "has_3g4g": ("Có 3G/4G", "3G/4G"),
    "broadband": ("Có Internet cố định", "Fixed broadband"),
    "gaps": ("Tổng số", "In all"),
    "uncovered": ("Chưa có sóng", "Still without signal"),
    "covered_in": ("Được phủ sóng trong kỳ", "Covered in the period"),
    "covered_before": ("Được phủ sóng trước kỳ", "Covered before the period"),
    "count": ("Số lượng", "Number"),
    "free_until": ("Miễn phí đến ngày", "Free until"),
    "carrier": ("Nhà mạng", "Carrier"),
    "package": ("Gói cước", "Data package"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "prev": ("Kỳ trước", "Previous period"),
    "this": ("Kỳ này", "This period"),
    "change": ("Tăng (+) / giảm (-)", "Change"),
    # detail columns
    "full_name": ("Họ và tên", "Full name"),
    "birth_date": ("Ngày sinh", "Birth date"),
    "sex": ("Giới tính", "Sex"),
    "personal_id": ("Số định danh", "Personal ID"),
    "household": ("Đối tượng", "Household"),
    "tier": ("Mức ưu tiên", "Tier"),
    "device_requested": ("Thiết bị đề nghị", "Device requested"),
    "status": ("Trạng thái", "Status"),
    "date": ("Ngày", "Date"),
    "receipt_no": ("Số biên nhận", "Receipt no."),
    "donor_kind": ("Loại nhà tài trợ", "Donor kind"),
    "devices_text": ("Thiết bị", "Devices"),
    "inspection": ("Kiểm tra", "Inspection"),
    "minute_no": ("Số biên bản", "Minute no."),
    "device": ("Thiết bị", "Device"),
    "serial": ("Số serial/IMEI", "Serial/IMEI"),
    "sim": ("SIM", "SIM"),
    "coverage": ("Sóng di động", "Mobile signal"),
    "covered_on": ("Có sóng từ ngày", "Covered since"),
    "note": ("Ghi chú", "Note"),
    "situation": ("Tình trạng", "Situation"),
    "s_waiting": ("Đã duyệt, chưa nhận", "Approved, not given"),
    "s_no_need": ("Chưa lập đề nghị", "No need recorded"),
    "devices_minute": ("Thiết bị theo biên bản", "Devices in the minute"),
    "devices_booked": ("Số thiết bị ghi sổ", "Devices booked"),
    "unlinked": ("Thiết bị ghi sổ không kèm lượt tài trợ", "Devices booked without a donation"),
    "booked_diff": ("Ghi sổ {0} thiết bị, biên bản ghi {1}", "{0} devices booked, {1} in the minute"),
    "yes": ("Có", "Yes"),
    "guardian": ("Người giám hộ", "Guardian"),
    # secondary tables
    "t_by_level": ("Phân theo cấp học", "By school level"),
    "t_by_ethnicity": ("Phân theo dân tộc", "By ethnicity"),
    "t_by_donor": ("Phân theo nhà tài trợ", "By donor"),
    "t_sims": ("SIM/gói cước đã trao, theo thời hạn miễn phí", "SIMs given, by end of the free period"),
    "t_no_signal": ("Trường chưa có sóng 3G/4G", "Schools without 3G/4G"),
    "t_units": ("Phân theo đơn vị", "By unit"),
    "t_by_class": ("Phân theo lớp", "By class"),
    "t_indicators": ("Kết quả thực hiện", "Results"),
    "t_needs_list": ("Danh sách học sinh có nhu cầu", "Children in need"),
    "t_donations_list": ("Danh sách lượt tài trợ", "Donations received"),
    "t_handovers_list": ("Danh sách thiết bị đã trao", "Devices handed over"),
    "t_missed_list": ("Danh sách học sinh chưa nhận thiết bị", "Children still without a device"),
    "t_gaps_list": ("Danh sách thôn, bản chưa có sóng", "Villages without signal"),
    # review indicators
    "r_in_need": ("Số học sinh có nhu cầu hỗ trợ", "Children in need"),
    "r_approved": ("Số học sinh được phê duyệt", "Children approved"),
    "r_cash": ("Tiền mặt tiếp nhận (đồng)", "Cash received (VND)"),
    "r_devices": ("Thiết bị tiếp nhận", "Devices received"),
    "r_meets": ("Trong đó: đạt cấu hình tối thiểu", "Of which meet the minimum spec"),
    "r_handed": ("Thiết bị đã trao cho học sinh", "Devices handed to children"),
    "r_sims": ("SIM/gói cước đã trao", "SIMs given"),
    "r_waiting": ("Học sinh đã duyệt chưa nhận thiết bị", "Approved children still without a device"),
    "r_covered": ("Thôn, bản được phủ sóng trong kỳ", "Villages covered in the period"),
    "r_uncovered": ("Thôn, bản còn chưa có sóng", "Villages still without signal"),
    "r_prev_from": ("Số liệu kỳ trước theo báo cáo số {0}.", "Previous figures as reported in No. {0}."),
    "r_prev_computed": ("Số liệu kỳ trước được tính lại từ dữ liệu hiện có.",
                        "Previous figures recomputed from the data held now."),
    "households_note": (
        "Các cột theo đối tượng cộng lại bằng tổng số học sinh có nhu cầu; «Khác» là học sinh không thuộc hộ "
        "nghèo, cận nghèo, khó khăn khác (mồ côi hoặc khó khăn do COVID-19, mức 3); gia đình chính sách là số "
        "trong đó, đã tính ở các cột trước.",
        "The household columns add up to the children in need; «Other» are children in no poor, near-poor or "
        "other-hardship household (orphaned by or in hardship from COVID-19, tier 3); policy families are of "
        "which, already counted in the columns before."),
    "no_need_note": (
        "«Thuộc diện ưu tiên, chưa lập đề nghị»: học sinh hộ nghèo, cận nghèo, khó khăn khác hoặc ảnh hưởng "
        "COVID-19 chưa có đề nghị hỗ trợ trong năm học và không giữ thiết bị nào; danh sách ghi tên từng em.",
        "«Eligible, no need recorded»: children of poor, near-poor or other-hardship households or affected by "
        "COVID-19 with no need this school year and holding no device; the list names each of them."),
    "devices_note": (
        "«Tổng số thiết bị» đếm từng thiết bị ghi sổ có ngày nhận trong kỳ (kể cả thiết bị không đạt cấu hình); "
        "danh sách lượt tài trợ ghi cả số theo biên bản tiếp nhận và số thiết bị ghi sổ của lượt đó.",
        "«Devices in all» counts each device booked with a receipt date in the period (failed inspection "
        "included); the list of donations gives both the number in the receipt minute and the devices booked."),
    "nested_note": (
        "Dòng in đậm (STT 1, 2…) là cộng của từng {outer}, bằng tổng các dòng in nghiêng ngay dưới nó (STT 1.1, "
        "1.2…); khi cộng một cột chỉ cộng một loại dòng, không cộng cả hai. Nút «−/+» bên trái thu gọn, mở các dòng.",
        "Bold rows (No. 1, 2…) are each {outer}'s sums of the italic rows under them (No. 1.1, 1.2…); sum one kind "
        "of row only, never both. The −/+ buttons on the left fold and unfold them."),
    "attached": ("{0}: trang tính «{1}» kèm theo ({2} dòng).", "{0}: the attached sheet «{1}» ({2} rows)."),
    "attached_to": ("(Kèm theo Báo cáo số {0} ngày {1})", "(Attached to report No. {0} of {1})"),
    "levels_note": ("Cấp học theo khối lớp của học sinh (lớp 1–5: Tiểu học, 6–9: THCS, 10–12: THPT).",
                    "School level from the child's grade (1–5 primary, 6–9 lower secondary, 10–12 upper secondary)."),
}


def w(key: str, lang: str = "vi") -> str:
    pair = WORDS[key]
    return pair[0 if lang == "vi" else 1]


def title(kind: str, lang: str = "vi") -> str:
    return TITLES[kind][0 if lang == "vi" else 1]


def choice(choices: dict, value: str, lang: str = "vi") -> str:
    return label(choices, value, lang) if value else ""
