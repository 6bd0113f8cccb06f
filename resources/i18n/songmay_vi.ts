<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
    <context>
        <name>AddSimDialog</name>
        <message>
            <source>Add a SIM</source>
            <translation>Thêm SIM</translation>
        </message>
        <message>
            <source>Phone number</source>
            <translation>Số thuê bao</translation>
        </message>
        <message>
            <source>ICCID (printed on the SIM card)</source>
            <translation>ICCID (in trên thẻ SIM)</translation>
        </message>
        <message>
            <source>Carrier</source>
            <translation>Nhà mạng</translation>
        </message>
        <message>
            <source>Data package</source>
            <translation>Gói cước dữ liệu</translation>
        </message>
        <message>
            <source>Free until</source>
            <translation>Miễn phí đến</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
    </context>
    <context>
        <name>AllocationDialog</name>
        <message>
            <source>Allocation decision {0}</source>
            <translation>Quyết định phân bổ {0}</translation>
        </message>
        <message>
            <source>New allocation decision</source>
            <translation>Quyết định phân bổ mới</translation>
        </message>
        <message>
            <source>Decision number</source>
            <translation>Số quyết định</translation>
        </message>
        <message>
            <source>e.g. 12/QĐ-UBND</source>
            <translation>ví dụ 12/QĐ-UBND</translation>
        </message>
        <message>
            <source>Decision date</source>
            <translation>Ngày quyết định</translation>
        </message>
        <message>
            <source>To school</source>
            <translation>Trường nhận</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Ngày nhận</translation>
        </message>
        <message>
            <source>Receipt no.</source>
            <translation>Số biên bản</translation>
        </message>
        <message>
            <source>Not yet allocated</source>
            <translation>Còn chưa phân bổ</translation>
        </message>
        <message>
            <source>Drawn on the donations</source>
            <translation>Lấy từ các khoản tài trợ</translation>
        </message>
        <message>
            <source>Counts per kind</source>
            <translation>Số lượng theo loại</translation>
        </message>
        <message>
            <source>Filter by model, serial, IMEI or donor</source>
            <translation>Lọc theo mẫu máy, số serial, IMEI hoặc nhà tài trợ</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Brand and model</source>
            <translation>Hãng và mẫu máy</translation>
        </message>
        <message>
            <source>Serial</source>
            <translation>Số serial</translation>
        </message>
        <message>
            <source>IMEI</source>
            <translation>IMEI</translation>
        </message>
        <message>
            <source>Minimum spec</source>
            <translation>Cấu hình tối thiểu</translation>
        </message>
        <message>
            <source>Devices from the stock</source>
            <translation>Thiết bị trong kho</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Approved by {0} on {1}. The decision is locked: it can no longer be changed.</source>
            <translation>Đã được {0} phê duyệt ngày {1}. Quyết định đã khoá, không thể sửa nữa.</translation>
        </message>
        <message>
            <source>The school confirmed receiving {0} ({1}, {2}); serial numbers registered: {3}.</source>
            <translation>Trường đã xác nhận nhận {0} ({1}, {2}); đã ghi số serial: {3} máy.</translation>
        </message>
        <message>
            <source>The school has not confirmed the receipt yet.</source>
            <translation>Trường chưa xác nhận đã nhận thiết bị.</translation>
        </message>
        <message>
            <source>A draft of {0}: only that unit may change or approve it.</source>
            <translation>Dự thảo của {0}: chỉ đơn vị đó được sửa hoặc phê duyệt.</translation>
        </message>
        <message>
            <source>— choose a school —</source>
            <translation>— chọn trường —</translation>
        </message>
        <message>
            <source>Drawn on no recorded donation.</source>
            <translation>Không lấy từ khoản tài trợ nào đã ghi sổ.</translation>
        </message>
        <message>
            <source>The donations chosen still have: {0}. The counts cannot be more.</source>
            <translation>Các khoản tài trợ đã chọn còn: {0}. Số lượng phân bổ không được vượt quá.</translation>
        </message>
        <message>
            <source>No donation chosen: the counts are not checked against a donation's receipt minute.</source>
            <translation>Chưa chọn khoản tài trợ: số lượng không được đối chiếu với biên bản tiếp nhận nào.</translation>
        </message>
        <message>
            <source>This unit has recorded no donation of devices.</source>
            <translation>Đơn vị chưa ghi sổ khoản tài trợ thiết bị nào.</translation>
        </message>
        <message numerus="yes">
            <source>%n device(s) listed</source>
            <translation>
                <numerusform>Đã chọn %n thiết bị</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>AllocationsModel</name>
        <message>
            <source>Decision no.</source>
            <translation>Số quyết định</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Issued by</source>
            <translation>Đơn vị ban hành</translation>
        </message>
        <message>
            <source>To school</source>
            <translation>Trường nhận</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Devices listed</source>
            <translation>Thiết bị cụ thể</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Allocated</source>
            <translation>Được phân bổ</translation>
        </message>
        <message>
            <source>Received by the school</source>
            <translation>Trường đã nhận</translation>
        </message>
        <message>
            <source>Serials registered</source>
            <translation>Đã ghi số serial</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>Phê duyệt</translation>
        </message>
        <message>
            <source>not yet</source>
            <translation>chưa xác nhận</translation>
        </message>
        <message>
            <source>{0} ({1} to confirm)</source>
            <translation>{0} ({1} chờ xác nhận)</translation>
        </message>
        <message>
            <source>{0} (locked)</source>
            <translation>{0} (đã khoá)</translation>
        </message>
        <message>
            <source>Confirmed by {0} on {1}. {2}</source>
            <translation>{0} xác nhận ngày {1}. {2}</translation>
        </message>
        <message>
            <source>Devices of this decision on the school's books with their serial number: {0} of {1} received ({2} allocated).</source>
            <translation>Thiết bị của quyết định đã vào sổ của trường kèm số serial: {0} trên {1} máy đã nhận ({2} máy được phân bổ).</translation>
        </message>
        <message>
            <source>Approved by {0} on {1}: locked.</source>
            <translation>{0} phê duyệt ngày {1}: đã khoá.</translation>
        </message>
    </context>
    <context>
        <name>AllocationsPage</name>
        <message>
            <source>New decision…</source>
            <translation>Quyết định mới…</translation>
        </message>
        <message>
            <source>Open…</source>
            <translation>Mở…</translation>
        </message>
        <message>
            <source>Approve…</source>
            <translation>Phê duyệt…</translation>
        </message>
        <message>
            <source>Delete draft…</source>
            <translation>Xoá dự thảo…</translation>
        </message>
        <message>
            <source>Confirm receipt…</source>
            <translation>Xác nhận đã nhận…</translation>
        </message>
        <message>
            <source>Register serial numbers…</source>
            <translation>Ghi số serial…</translation>
        </message>
        <message>
            <source>Decisions of this unit. A draft can be changed; once approved a decision is locked and its devices go to the school, which confirms what it received and registers the serial numbers.</source>
            <translation>Các quyết định của đơn vị. Dự thảo còn sửa được; khi đã phê duyệt, quyết định bị khoá và thiết bị được chuyển về trường; trường xác nhận số đã nhận và ghi số serial.</translation>
        </message>
        <message>
            <source>Decisions addressed to this school. When their devices arrive, confirm the count received, then register their serial numbers (now or later): they go into the stock and can be handed over.</source>
            <translation>Các quyết định phân bổ cho trường. Khi thiết bị về, xác nhận số lượng đã nhận rồi ghi số serial (ngay hoặc sau): thiết bị vào kho và có thể bàn giao cho học sinh.</translation>
        </message>
        <message>
            <source>Approve decision {0}? Once approved it is locked and can no longer be changed; {1} go to {2}.</source>
            <translation>Phê duyệt quyết định {0}? Sau khi phê duyệt, quyết định bị khoá, không thể sửa; {1} được chuyển về {2}.</translation>
        </message>
        <message numerus="yes">
            <source>Listed devices now in the school's stock: %n.</source>
            <translation>
                <numerusform>Số thiết bị trong danh sách đã vào kho của trường: %n.</numerusform>
            </translation>
        </message>
        <message>
            <source>Decision {0} approved: {1} go to {2}. The school confirms what it receives.</source>
            <translation>Đã phê duyệt quyết định {0}: {1} được chuyển về {2}. Trường sẽ xác nhận số thiết bị nhận được.</translation>
        </message>
        <message>
            <source>Receipt of decision {0} confirmed: {1}.</source>
            <translation>Đã xác nhận nhận thiết bị theo quyết định {0}: {1}.</translation>
        </message>
        <message>
            <source>Register the serial numbers of the others with “Register serial numbers…”.</source>
            <translation>Ghi số serial các máy còn lại bằng nút “Ghi số serial…”.</translation>
        </message>
        <message>
            <source>Confirm the receipt of decision {0} first.</source>
            <translation>Hãy xác nhận đã nhận thiết bị của quyết định {0} trước.</translation>
        </message>
        <message>
            <source>Choose a decision in the table first.</source>
            <translation>Hãy chọn một quyết định trong bảng trước.</translation>
        </message>
        <message numerus="yes">
            <source>The devices it lists leave this unit's stock now: %n.</source>
            <translation>
                <numerusform>Số thiết bị cụ thể trong danh sách sẽ xuất khỏi kho của đơn vị ngay: %n.</numerusform>
            </translation>
        </message>
        <message>
            <source>Delete draft decision {0}?</source>
            <translation>Xoá dự thảo quyết định {0}?</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <source>No data</source>
            <translation>Chưa có số liệu</translation>
        </message>
        <message>
            <source>Bar chart</source>
            <translation>Biểu đồ cột</translation>
        </message>
    </context>
    <context>
        <name>CaFile</name>
        <message>
            <source>Choose the CA certificate file from the education office</source>
            <translation>Chọn tệp chứng chỉ CA do Phòng/Sở GD&amp;ĐT cấp</translation>
        </message>
        <message>
            <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>Tệp chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)</translation>
        </message>
    </context>
    <context>
        <name>ConfirmReceiptDialog</name>
        <message>
            <source>Receipt of decision {0}</source>
            <translation>Nhận thiết bị theo quyết định {0}</translation>
        </message>
        <message>
            <source>Confirm receipt</source>
            <translation>Xác nhận đã nhận</translation>
        </message>
        <message>
            <source>Decision {0} of {1} allocates {2} to this school. Enter what actually arrived; the serial numbers can be registered afterwards.</source>
            <translation>Quyết định {0} của {1} phân bổ cho trường {2}. Ghi số thiết bị thực nhận; số serial có thể ghi sau.</translation>
        </message>
        <message>
            <source>{0} (of {1})</source>
            <translation>{0} (trên {1})</translation>
        </message>
        <message>
            <source>Count received</source>
            <translation>Số đã nhận</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
    </context>
    <context>
        <name>ConflictIndicator</name>
        <message numerus="yes">
            <source>%n conflict(s) to review</source>
            <translation>
                <numerusform>%n xung đột cần xem xét</numerusform>
            </translation>
        </message>
        <message>
            <source>Two devices changed the same records. Click to choose which version to keep.</source>
            <translation>Hai máy đã sửa cùng một bản ghi. Bấm để chọn giữ phiên bản nào.</translation>
        </message>
    </context>
    <context>
        <name>ConflictsDialog</name>
        <message>
            <source>Address</source>
            <translation>Địa chỉ</translation>
        </message>
        <message>
            <source>Province</source>
            <translation>Tỉnh/thành phố</translation>
        </message>
        <message>
            <source>Former code</source>
            <translation>Mã cũ</translation>
        </message>
        <message>
            <source>Fixed broadband</source>
            <translation>Internet cố định</translation>
        </message>
        <message>
            <source>Schools affected</source>
            <translation>Các trường bị ảnh hưởng</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>MOET student code</source>
            <translation>Mã học sinh (Bộ GD&amp;ĐT)</translation>
        </message>
        <message>
            <source>Certificate issued by (commune)</source>
            <translation>Xã/phường cấp giấy chứng nhận</translation>
        </message>
        <message>
            <source>Reason for the status</source>
            <translation>Lý do của trạng thái</translation>
        </message>
        <message>
            <source>Status history</source>
            <translation>Lịch sử trạng thái</translation>
        </message>
        <message>
            <source>Receipt number</source>
            <translation>Số biên nhận</translation>
        </message>
        <message>
            <source>Donation</source>
            <translation>Khoản tài trợ</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Counts by kind</source>
            <translation>Số lượng theo loại</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>Thiết bị</translation>
        </message>
        <message>
            <source>Approved by</source>
            <translation>Người phê duyệt</translation>
        </message>
        <message>
            <source>Approved at</source>
            <translation>Thời điểm phê duyệt</translation>
        </message>
        <message>
            <source>Minute number</source>
            <translation>Số biên bản</translation>
        </message>
        <message>
            <source>Giving unit</source>
            <translation>Đơn vị bàn giao</translation>
        </message>
        <message>
            <source>Need</source>
            <translation>Nhu cầu</translation>
        </message>
        <message>
            <source>SIM</source>
            <translation>SIM</translation>
        </message>
        <message>
            <source>Signed paper minute received</source>
            <translation>Đã nhận biên bản giấy có chữ ký</translation>
        </message>
        <message>
            <source>Reason for the override</source>
            <translation>Lý do vượt quy tắc</translation>
        </message>
        <message>
            <source>School or office</source>
            <translation>Trường hoặc cơ quan</translation>
        </message>
        <message>
            <source>Village without signal</source>
            <translation>Thôn/bản lõm sóng</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>Học sinh</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>Thiết bị</translation>
        </message>
        <message>
            <source>Allocation</source>
            <translation>Phân bổ</translation>
        </message>
        <message>
            <source>Handover</source>
            <translation>Bàn giao</translation>
        </message>
        <message>
            <source>Decision on the child's school</source>
            <translation>Quyết định nơi học của em</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Không</translation>
        </message>
        <message>
            <source>this computer</source>
            <translation>máy này</translation>
        </message>
        <message>
            <source>device {0}</source>
            <translation>máy {0}</translation>
        </message>
        <message>
            <source>Review conflicts</source>
            <translation>Xem xét xung đột</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Bản ghi</translation>
        </message>
        <message>
            <source>Found</source>
            <translation>Phát hiện lúc</translation>
        </message>
        <message>
            <source>Other version from</source>
            <translation>Phiên bản kia từ</translation>
        </message>
        <message>
            <source>No conflicts to review.</source>
            <translation>Không có xung đột nào cần xem xét.</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Trường thông tin</translation>
        </message>
        <message>
            <source>This version (kept)</source>
            <translation>Phiên bản này (đang giữ)</translation>
        </message>
        <message>
            <source>Other version</source>
            <translation>Phiên bản kia</translation>
        </message>
        <message>
            <source>Take other</source>
            <translation>Lấy bản kia</translation>
        </message>
        <message>
            <source>Keep current</source>
            <translation>Giữ bản hiện tại</translation>
        </message>
        <message>
            <source>Merge selected fields</source>
            <translation>Gộp các trường đã chọn</translation>
        </message>
        <message>
            <source>This version stays; the other version is set aside.</source>
            <translation>Giữ phiên bản này; phiên bản kia được bỏ qua.</translation>
        </message>
        <message>
            <source>The other version replaces this one, on every device after sync.</source>
            <translation>Phiên bản kia thay cho phiên bản này, trên mọi máy sau khi đồng bộ.</translation>
        </message>
        <message>
            <source>This version with the ticked fields taken from the other one.</source>
            <translation>Phiên bản này, với các trường đã đánh dấu lấy từ phiên bản kia.</translation>
        </message>
        <message>
            <source>{0}: {1}. Found on {2}.</source>
            <translation>{0}: {1}. Phát hiện ngày {2}.</translation>
        </message>
        <message>
            <source>This version was written on {0}; the other version comes from {1}.</source>
            <translation>Phiên bản này được ghi trên {0}; phiên bản kia đến từ {1}.</translation>
        </message>
        <message>
            <source>This record was deleted; taking the other version brings it back.</source>
            <translation>Bản ghi này đã bị xoá; lấy phiên bản kia sẽ khôi phục nó.</translation>
        </message>
        <message>
            <source>The other version deletes this record.</source>
            <translation>Phiên bản kia xoá bản ghi này.</translation>
        </message>
        <message>
            <source>The two versions hold the same values.</source>
            <translation>Hai phiên bản có cùng giá trị.</translation>
        </message>
    </context>
    <context>
        <name>CoveragePage</name>
        <message>
            <source>Connectivity at the school</source>
            <translation>Kết nối tại trường</translation>
        </message>
        <message>
            <source>Fixed broadband (fibre or ADSL)</source>
            <translation>Có Internet cố định (cáp quang hoặc ADSL)</translation>
        </message>
        <message>
            <source>Mobile signal at the school</source>
            <translation>Sóng di động tại trường</translation>
        </message>
        <message>
            <source>Carrier</source>
            <translation>Nhà mạng</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Lưu</translation>
        </message>
        <message>
            <source>Villages of our students without mobile signal</source>
            <translation>Thôn/bản của học sinh chưa có sóng di động (điểm lõm sóng)</translation>
        </message>
        <message>
            <source>Village (thôn/bản)</source>
            <translation>Thôn/bản</translation>
        </message>
        <message>
            <source>Note (optional)</source>
            <translation>Ghi chú (không bắt buộc)</translation>
        </message>
        <message>
            <source>Add village</source>
            <translation>Thêm thôn/bản</translation>
        </message>
        <message>
            <source>Mark covered</source>
            <translation>Ghi nhận đã có sóng</translation>
        </message>
        <message>
            <source>Mark not covered again</source>
            <translation>Ghi nhận mất sóng trở lại</translation>
        </message>
        <message>
            <source>Covered on</source>
            <translation>Có sóng từ ngày</translation>
        </message>
        <message>
            <source>by</source>
            <translation>của nhà mạng</translation>
        </message>
        <message>
            <source>Choose the carrier whose signal reaches the school.</source>
            <translation>Chọn nhà mạng có sóng tại trường.</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>Đã lưu.</translation>
        </message>
        <message>
            <source>{0} is already in the list.</source>
            <translation>{0} đã có trong danh sách.</translation>
        </message>
        <message>
            <source>Mark {0} as without signal again? The date it was covered stays in its history.</source>
            <translation>Ghi nhận {0} mất sóng trở lại? Ngày có sóng trước đó vẫn được giữ trong lịch sử.</translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message>
            <source>Children in need</source>
            <translation>Học sinh có nhu cầu</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>Đã phê duyệt</translation>
        </message>
        <message>
            <source>Handed over</source>
            <translation>Đã bàn giao</translation>
        </message>
        <message>
            <source>Still waiting</source>
            <translation>Còn chờ</translation>
        </message>
        <message>
            <source>Devices in stock</source>
            <translation>Thiết bị trong kho</translation>
        </message>
        <message>
            <source>SIMs in stock</source>
            <translation>SIM trong kho</translation>
        </message>
        <message>
            <source>SIMs whose free period ends within 30 days</source>
            <translation>SIM hết thời gian miễn phí trong 30 ngày tới</translation>
        </message>
        <message>
            <source>Tier 1: poor</source>
            <translation>Nhóm 1: hộ nghèo</translation>
        </message>
        <message>
            <source>Tier 2: near-poor</source>
            <translation>Nhóm 2: hộ cận nghèo</translation>
        </message>
        <message>
            <source>Tier 3: COVID-19</source>
            <translation>Nhóm 3: ảnh hưởng COVID-19</translation>
        </message>
        <message>
            <source>Tier 4: other hardship</source>
            <translation>Nhóm 4: khó khăn khác</translation>
        </message>
        <message>
            <source>Children in need by priority tier</source>
            <translation>Học sinh có nhu cầu theo nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Devices in stock by kind</source>
            <translation>Thiết bị trong kho theo loại</translation>
        </message>
        <message>
            <source>Show the children still waiting</source>
            <translation>Xem các em còn chờ</translation>
        </message>
        <message>
            <source>No priority tier</source>
            <translation>Không thuộc nhóm ưu tiên</translation>
        </message>
        <message numerus="yes">
            <source>Children still waiting: %Ln</source>
            <translation>
                <numerusform>Số em còn chờ: %Ln</numerusform>
            </translation>
        </message>
        <message>
            <source>(the first {0} are listed below)</source>
            <translation>({0} em đầu tiên được liệt kê dưới đây)</translation>
        </message>
    </context>
    <context>
        <name>DateField</name>
        <message>
            <source>dd/mm/yyyy</source>
            <translation>ngày/tháng/năm</translation>
        </message>
        <message>
            <source>Choose in a calendar</source>
            <translation>Chọn trên lịch</translation>
        </message>
        <message>
            <source>There is no such date: {0}. Type day/month/year, e.g. 20/06/2016.</source>
            <translation>Không có ngày {0}. Gõ ngày/tháng/năm, ví dụ 20/06/2016.</translation>
        </message>
        <message>
            <source>Type the date as day/month/year with a four-digit year, e.g. 20/06/2016.</source>
            <translation>Gõ ngày theo thứ tự ngày/tháng/năm, năm đủ bốn chữ số, ví dụ 20/06/2016.</translation>
        </message>
        <message>
            <source>{0} is after today: the date cannot be in the future.</source>
            <translation>{0} là sau hôm nay: không được ghi ngày trong tương lai.</translation>
        </message>
        <message>
            <source>{0} is out of range: the date must be from {1} to {2}.</source>
            <translation>{0} nằm ngoài khoảng cho phép: ngày phải từ {1} đến {2}.</translation>
        </message>
        <message>
            <source>Type the date (day/month/year) or choose it in the calendar.</source>
            <translation>Nhập ngày (ngày/tháng/năm) hoặc chọn trên lịch.</translation>
        </message>
    </context>
    <context>
        <name>DemoPage</name>
        <message>
            <source>Ready</source>
            <translation>Sẵn sàng</translation>
        </message>
        <message>
            <source>You can start with your own class lists, or first try SongMay with made-up children (you can remove them later by starting a new data folder).</source>
            <translation>Thầy cô có thể bắt đầu ngay với danh sách lớp của trường, hoặc dùng thử SongMay với dữ liệu học sinh giả định (có thể bỏ đi sau bằng cách dùng một thư mục dữ liệu mới).</translation>
        </message>
        <message>
            <source>Load demo data to try things out (300 students)</source>
            <translation>Nạp dữ liệu mẫu để dùng thử (300 học sinh)</translation>
        </message>
        <message>
            <source>An education office receives the records of its schools by sync or on USB sticks (next: Sync → Connect to the provincial server… with the one-time code from the province). To try officer mode first, load made-up schools of your area; do not connect that data folder to the province.</source>
            <translation>Đơn vị quản lý nhận dữ liệu của các trường qua đồng bộ hoặc qua USB (bước tiếp theo: Đồng bộ → Kết nối với máy chủ của Sở… bằng mã đăng ký một lần do Sở cấp). Muốn dùng thử chế độ cán bộ trước, hãy nạp các trường giả lập trong địa bàn; không kết nối thư mục dữ liệu đó với máy chủ tỉnh.</translation>
        </message>
        <message>
            <source>Load demo data to try things out (3 schools of the area, 300 students)</source>
            <translation>Nạp dữ liệu mẫu để dùng thử (3 trường trong địa bàn, 300 học sinh)</translation>
        </message>
        <message>
            <source>This school already has {0} students in this data folder: demo data is not added. (songmay demo adds more, if you want them.)</source>
            <translation>Trường này đã có {0} học sinh trong thư mục dữ liệu này nên không thêm dữ liệu mẫu. (Muốn thêm thì dùng lệnh songmay demo.)</translation>
        </message>
        <message>
            <source>This computer is enrolled for a real school: its data goes to the province, so demo data is not offered. Start with your own class lists.</source>
            <translation>Máy này đã đăng ký cho một trường thật: dữ liệu sẽ được gửi lên tỉnh, nên không có dữ liệu mẫu. Hãy bắt đầu với danh sách lớp của trường.</translation>
        </message>
    </context>
    <context>
        <name>DevicesModel</name>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Brand and model</source>
            <translation>Hãng và mẫu máy</translation>
        </message>
        <message>
            <source>Serial</source>
            <translation>Số serial</translation>
        </message>
        <message>
            <source>IMEI</source>
            <translation>IMEI</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Tình trạng</translation>
        </message>
        <message>
            <source>Minimum spec</source>
            <translation>Cấu hình tối thiểu</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Ngày nhận</translation>
        </message>
        <message>
            <source>Value (VND)</source>
            <translation>Giá trị (đồng)</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
    </context>
    <context>
        <name>DevicesPage</name>
        <message>
            <source>Receive device…</source>
            <translation>Tiếp nhận thiết bị…</translation>
        </message>
        <message>
            <source>Receive a list…</source>
            <translation>Tiếp nhận theo danh sách…</translation>
        </message>
        <message>
            <source>Mark faulty…</source>
            <translation>Báo hỏng…</translation>
        </message>
        <message>
            <source>Mark lost…</source>
            <translation>Báo mất…</translation>
        </message>
        <message>
            <source>Add SIM…</source>
            <translation>Thêm SIM…</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>Thiết bị</translation>
        </message>
        <message>
            <source>SIMs</source>
            <translation>SIM</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>Mọi trạng thái</translation>
        </message>
        <message>
            <source>Total: {0}</source>
            <translation>Tổng: {0}</translation>
        </message>
        <message>
            <source>{0} is with a child (handed over). Record its return on the handover screen first; then it can be marked faulty or lost.</source>
            <translation>Thiết bị {0} đang ở với học sinh (đã bàn giao). Hãy ghi nhận thu hồi ở màn hình bàn giao trước, sau đó mới báo hỏng hoặc mất.</translation>
        </message>
        <message>
            <source>Choose a device in the table first.</source>
            <translation>Hãy chọn một thiết bị trong bảng trước.</translation>
        </message>
        <message>
            <source>What is wrong with {0}?</source>
            <translation>Thiết bị {0} bị hỏng thế nào?</translation>
        </message>
        <message>
            <source>How was {0} lost?</source>
            <translation>Thiết bị {0} bị mất như thế nào?</translation>
        </message>
        <message>
            <source>Mark faulty</source>
            <translation>Báo hỏng</translation>
        </message>
        <message>
            <source>Mark lost</source>
            <translation>Báo mất</translation>
        </message>
    </context>
    <context>
        <name>DonationDialog</name>
        <message>
            <source>Donation</source>
            <translation>Khoản tài trợ</translation>
        </message>
        <message>
            <source>Record a donation</source>
            <translation>Tiếp nhận tài trợ</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Donor kind</source>
            <translation>Loại nhà tài trợ</translation>
        </message>
        <message>
            <source>Date received</source>
            <translation>Ngày tiếp nhận</translation>
        </message>
        <message>
            <source>Receipt number</source>
            <translation>Số biên nhận</translation>
        </message>
        <message>
            <source>Cash (VND)</source>
            <translation>Tiền mặt (đồng)</translation>
        </message>
        <message>
            <source>Devices by kind</source>
            <translation>Thiết bị theo loại</translation>
        </message>
        <message>
            <source>Inspection against the minimum specification</source>
            <translation>Kiểm tra theo cấu hình tối thiểu</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Received by another unit: shown read-only.</source>
            <translation>Do đơn vị khác tiếp nhận: chỉ xem.</translation>
        </message>
    </context>
    <context>
        <name>DonationsModel</name>
        <message>
            <source>Received</source>
            <translation>Ngày nhận</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Donor kind</source>
            <translation>Loại nhà tài trợ</translation>
        </message>
        <message>
            <source>Receipt no.</source>
            <translation>Số biên nhận</translation>
        </message>
        <message>
            <source>Cash (VND)</source>
            <translation>Tiền mặt (đồng)</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>Thiết bị</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>Đã ghi sổ</translation>
        </message>
        <message>
            <source>Inspection</source>
            <translation>Kiểm tra cấu hình</translation>
        </message>
        <message>
            <source>Received by</source>
            <translation>Đơn vị tiếp nhận</translation>
        </message>
        <message>
            <source>In the receipt minute: {0}; registered one by one: {1}; still to register: {2}.</source>
            <translation>Theo biên bản tiếp nhận: {0}; đã ghi sổ từng máy: {1}; còn phải ghi sổ: {2}.</translation>
        </message>
        <message>
            <source>Registered beyond the minute: {0}.</source>
            <translation>Ghi sổ ngoài biên bản: {0}.</translation>
        </message>
        <message>
            <source>Allocated by approved decisions: {0}.</source>
            <translation>Đã phân bổ theo quyết định đã phê duyệt: {0}.</translation>
        </message>
    </context>
    <context>
        <name>DonationsPage</name>
        <message>
            <source>Record a donation…</source>
            <translation>Tiếp nhận tài trợ…</translation>
        </message>
        <message>
            <source>Open…</source>
            <translation>Mở…</translation>
        </message>
        <message>
            <source>Register devices…</source>
            <translation>Ghi sổ thiết bị…</translation>
        </message>
        <message numerus="yes">
            <source>%n donation(s)</source>
            <translation>
                <numerusform>%n khoản tài trợ</numerusform>
            </translation>
        </message>
        <message>
            <source>cash: {0} ₫ · devices in the receipt minutes: {1} · registered one by one: {2} · still to register: {3}</source>
            <translation>tiền mặt: {0} ₫ · thiết bị theo biên bản tiếp nhận: {1} · đã ghi sổ từng máy: {2} · còn phải ghi sổ: {3}</translation>
        </message>
        <message>
            <source>registered beyond the minutes: {0}</source>
            <translation>ghi sổ ngoài biên bản: {0}</translation>
        </message>
        <message>
            <source>Choose a donation in the table first.</source>
            <translation>Hãy chọn một khoản tài trợ trong bảng trước.</translation>
        </message>
        <message>
            <source>Choose a donation this unit received first.</source>
            <translation>Hãy chọn một khoản tài trợ do đơn vị này tiếp nhận trước.</translation>
        </message>
    </context>
    <context>
        <name>EnrolDialog</name>
        <message>
            <source>Connect to the provincial server</source>
            <translation>Kết nối với máy chủ của Sở</translation>
        </message>
        <message>
            <source>Enter the server address and the one-time code from the education office (Phòng/Sở GD&amp;ĐT). Each code works once.</source>
            <translation>Nhập địa chỉ máy chủ và mã đăng ký dùng một lần do Phòng/Sở GD&amp;ĐT cấp. Mỗi mã chỉ dùng được một lần.</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Chọn…</translation>
        </message>
        <message>
            <source>Only if the education office gave you its CA certificate file (.pem, .crt) with the code: its server has its own certificate authority.</source>
            <translation>Chỉ khi Phòng/Sở GD&amp;ĐT giao kèm mã một tệp chứng chỉ CA (.pem, .crt): máy chủ của Sở dùng cơ quan cấp chứng chỉ riêng.</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Bỏ</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>Địa chỉ máy chủ</translation>
        </message>
        <message>
            <source>One-time code</source>
            <translation>Mã đăng ký</translation>
        </message>
        <message>
            <source>CA certificate</source>
            <translation>Chứng chỉ CA</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Kết nối</translation>
        </message>
        <message>
            <source>Use an enrolment file from the officer…</source>
            <translation>Dùng tệp đăng ký của cán bộ…</translation>
        </message>
        <message>
            <source>No network here? The collecting officer can write an enrolment file for this school's new computer (.sme); choose it here.</source>
            <translation>Không có mạng? Cán bộ thu nhận có thể ghi một tệp đăng ký (.sme) cho máy tính mới của trường; hãy chọn tệp đó ở đây.</translation>
        </message>
        <message>
            <source>None (the computer's own list)</source>
            <translation>Không có (danh sách của máy này)</translation>
        </message>
        <message>
            <source>Enter both the server address and the code.</source>
            <translation>Hãy nhập cả địa chỉ máy chủ và mã đăng ký.</translation>
        </message>
        <message>
            <source>Connecting to {0}…</source>
            <translation>Đang kết nối với {0}…</translation>
        </message>
        <message>
            <source>Reading the enrolment file…</source>
            <translation>Đang đọc tệp đăng ký…</translation>
        </message>
        <message>
            <source>Enrolled with the officer's file: this computer now works for {0} – {1}. Its USB bundles (Sync → Export to USB…) are now for the province and the collecting officer ({2}); the first sync with a network completes the enrolment with the provincial server.</source>
            <translation>Đã đăng ký bằng tệp của cán bộ: máy này nay làm việc cho {0} – {1}. Gói USB của máy (Đồng bộ → Xuất ra USB…) từ nay gửi cho tỉnh và cán bộ thu nhận ({2}); lần đồng bộ đầu tiên khi có mạng sẽ hoàn tất việc đăng ký với máy chủ tỉnh.</translation>
        </message>
        <message>
            <source>Connected. This computer now syncs {0} – {1} with {2}; the first sync has started.</source>
            <translation>Đã kết nối. Máy này từ nay đồng bộ dữ liệu của {0} – {1} với {2}; lần đồng bộ đầu tiên đã bắt đầu.</translation>
        </message>
        <message>
            <source>Could not reach the server {0}. Check the address and the network, then press Connect again. This computer is not connected to the server yet: its data stay here and can go by USB stick meanwhile.</source>
            <translation>Không kết nối được máy chủ {0}. Hãy kiểm tra địa chỉ và mạng rồi bấm Kết nối lại. Máy này chưa kết nối với máy chủ: dữ liệu vẫn ở trên máy và trong lúc chờ có thể gửi bằng USB.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>EnrolmentFile</name>
        <message>
            <source>Choose the enrolment file from the officer</source>
            <translation>Chọn tệp đăng ký của cán bộ</translation>
        </message>
        <message>
            <source>SongMay enrolment files (*.sme);;All files (*)</source>
            <translation>Tệp đăng ký SongMay (*.sme);;Mọi tệp (*)</translation>
        </message>
        <message>
            <source>Enrolment &amp;file for a new computer…</source>
            <translation>Tệp đăng &amp;ký cho máy tính mới…</translation>
        </message>
        <message>
            <source>Write a file that enrols a school's new computer without a network</source>
            <translation>Ghi một tệp để đăng ký máy tính mới của trường khi không có mạng</translation>
        </message>
    </context>
    <context>
        <name>EnrolmentFileDialog</name>
        <message>
            <source>Enrolment file for a new computer</source>
            <translation>Tệp đăng ký cho máy tính mới</translation>
        </message>
        <message>
            <source>Where a school has no network, its new computer can be enrolled with a file written here: the file tells the computer its school and whom its USB bundles are for, signed with the right the province gave this office. Its first bundle then enrols it at the province.</source>
            <translation>Ở trường không có mạng, máy tính mới của trường có thể đăng ký bằng một tệp ghi tại đây: tệp cho máy biết trường của mình và gói USB của máy gửi cho ai, được ký bằng quyền mà tỉnh giao cho đơn vị này. Gói USB đầu tiên của máy sẽ đăng ký máy với tỉnh.</translation>
        </message>
        <message>
            <source> days</source>
            <translation> ngày</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>Written</source>
            <translation>Ngày ghi</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>Dùng được đến</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>Write the file</source>
            <translation>Ghi tệp</translation>
        </message>
        <message>
            <source>Valid for</source>
            <translation>Thời hạn</translation>
        </message>
        <message>
            <source>Write to</source>
            <translation>Ghi vào</translation>
        </message>
        <message>
            <source>Enrolment files written on this computer:</source>
            <translation>Các tệp đăng ký đã ghi trên máy này:</translation>
        </message>
        <message>
            <source>The province has not yet given this office the right to write enrolment files. Sync this computer with the provincial server once, while there is a network (Sync → Sync now): the right comes with the province's answer and lasts about six months.</source>
            <translation>Tỉnh chưa giao cho đơn vị này quyền ghi tệp đăng ký. Hãy đồng bộ máy này với máy chủ tỉnh một lần khi có mạng (Đồng bộ → Đồng bộ ngay): quyền này đến cùng câu trả lời của tỉnh và có hạn khoảng sáu tháng.</translation>
        </message>
        <message>
            <source>The province's right to write enrolment files ended on {0}. Sync this computer with the provincial server to renew it.</source>
            <translation>Quyền ghi tệp đăng ký do tỉnh giao đã hết hạn ngày {0}. Hãy đồng bộ máy này với máy chủ tỉnh để được gia hạn.</translation>
        </message>
        <message>
            <source>None of the schools of this office's area is on this computer yet. Import the school's USB bundles, or sync with the provincial server, then write the file.</source>
            <translation>Máy này chưa có dữ liệu của trường nào thuộc địa bàn của đơn vị. Hãy nhập gói USB của trường, hoặc đồng bộ với máy chủ tỉnh, rồi ghi tệp.</translation>
        </message>
        <message numerus="yes">
            <source>This office may write enrolment files for %n school(s) until {0}.</source>
            <translation>
                <numerusform>Đơn vị này được ghi tệp đăng ký cho %n trường đến ngày {0}.</numerusform>
            </translation>
        </message>
        <message>
            <source>Choose a USB drive or a folder first.</source>
            <translation>Hãy chọn ổ USB hoặc thư mục trước.</translation>
        </message>
        <message>
            <source>Writing the enrolment file to {0}…</source>
            <translation>Đang ghi tệp đăng ký vào {0}…</translation>
        </message>
        <message>
            <source>Written: {0}</source>
            <translation>Đã ghi: {0}</translation>
        </message>
        <message>
            <source>Copy this file to the new computer of {0}. There, in SongMay, choose Sync → Connect to the provincial server… → Use an enrolment file from the officer… (on a computer just installed: “I have an enrolment file from the officer…” at the first start).</source>
            <translation>Hãy chép tệp này sang máy tính mới của {0}. Trên máy đó, trong SongMay, chọn Đồng bộ → Kết nối với máy chủ của Sở… → Dùng tệp đăng ký của cán bộ… (máy vừa cài đặt: chọn “Tôi có tệp đăng ký của cán bộ…” khi mở lần đầu).</translation>
        </message>
        <message>
            <source>One file enrols one computer. It can be used until {0}. Hand it over as you would a password: whoever holds it can enrol a computer for this school.</source>
            <translation>Mỗi tệp chỉ đăng ký được một máy. Tệp dùng được đến ngày {0}. Hãy trao tệp như trao mật khẩu: ai có tệp đều có thể đăng ký một máy cho trường này.</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>Unexpected error</source>
            <translation>Lỗi không mong đợi</translation>
        </message>
        <message>
            <source>Something went wrong that SongMay did not expect. What you saved before is safe.</source>
            <translation>Đã xảy ra một lỗi mà SongMay không lường trước. Dữ liệu đã lưu trước đó vẫn an toàn.</translation>
        </message>
        <message>
            <source>The details were written to {0}.</source>
            <translation>Chi tiết đã được ghi vào {0}.</translation>
        </message>
        <message>
            <source>Copy details</source>
            <translation>Sao chép chi tiết</translation>
        </message>
        <message>
            <source>SongMay</source>
            <translation>SongMay</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export to USB</source>
            <translation>Xuất ra USB</translation>
        </message>
        <message>
            <source>Writes what the provincial server does not have yet into one file on a USB stick, sealed for the province and the collecting officers of this unit. The file is named after the unit and the date, so one stick can carry many schools' bundles.</source>
            <translation>Ghi những gì máy chủ tỉnh chưa có vào một tệp trên USB, mã hoá cho tỉnh và cán bộ thu nhận của đơn vị này. Tên tệp gồm mã đơn vị và ngày giờ, nên một USB có thể chứa gói của nhiều trường.</translation>
        </message>
        <message>
            <source>Everything, not only what the province lacks</source>
            <translation>Tất cả, không chỉ những gì tỉnh chưa có</translation>
        </message>
        <message>
            <source>All this computer holds of its unit, for example when an earlier stick was lost</source>
            <translation>Toàn bộ dữ liệu của đơn vị trên máy này, ví dụ khi USB lần trước bị mất</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Xuất</translation>
        </message>
        <message>
            <source>Write to</source>
            <translation>Ghi vào</translation>
        </message>
        <message numerus="yes">
            <source>Not yet at the province: %n record(s).</source>
            <translation>
                <numerusform>Chưa có ở tỉnh: %n bản ghi.</numerusform>
            </translation>
        </message>
        <message>
            <source>Choose a USB drive or a folder first.</source>
            <translation>Hãy chọn ổ USB hoặc thư mục trước.</translation>
        </message>
        <message>
            <source>Writing the bundle to {0}…</source>
            <translation>Đang ghi gói vào {0}…</translation>
        </message>
        <message>
            <source>Writing the bundle…</source>
            <translation>Đang ghi gói…</translation>
        </message>
        <message>
            <source>Reading records: {0} of {1}…</source>
            <translation>Đang đọc bản ghi: {0} trên {1}…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Đang hủy…</translation>
        </message>
        <message>
            <source>Cancelled: no file was written.</source>
            <translation>Đã hủy: không ghi tệp nào.</translation>
        </message>
        <message>
            <source>Nothing new for the province: it has every record of this computer, so no bundle was written. Tick “Everything” to write it all again (for example when a stick was lost).</source>
            <translation>Không có gì mới để gửi lên tỉnh: tỉnh đã có mọi bản ghi của máy này, nên không ghi gói nào. Đánh dấu “Tất cả” để ghi lại toàn bộ (ví dụ khi chiếc USB trước bị mất).</translation>
        </message>
        <message>
            <source>Written: {0}</source>
            <translation>Đã ghi: {0}</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) of {0}, {1}.</source>
            <translation>
                <numerusform>%n bản ghi của {0}, {1}.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Also put on the stick for the schools: %n acknowledgement(s) from the province. Each school imports them with “Import from USB…”.</source>
            <translation>
                <numerusform>Đã chép thêm vào USB cho các trường: %n giấy báo nhận của tỉnh. Mỗi trường nhập chúng bằng “Nhập từ USB…”.</numerusform>
            </translation>
        </message>
        <message>
            <source>No acknowledgement from the province is waiting for the schools.</source>
            <translation>Không có giấy báo nhận nào của tỉnh đang chờ gửi về các trường.</translation>
        </message>
        <message>
            <source>The province is known to have every record of this computer: no bundle of it is written unless you tick “Everything”.</source>
            <translation>Tỉnh đã có mọi bản ghi của máy này: sẽ không ghi gói nào trừ khi đánh dấu “Tất cả”.</translation>
        </message>
        <message numerus="yes">
            <source>For the schools, from the province (%n school computer(s)):</source>
            <translation>
                <numerusform>Cho các trường, từ tỉnh (%n máy của trường):</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n warning(s)</source>
            <translation>
                <numerusform>%n cảnh báo</numerusform>
            </translation>
        </message>
        <message>
            <source>what reached the province</source>
            <translation>xác nhận những gì đã đến tỉnh</translation>
        </message>
        <message numerus="yes">
            <source>%n school bundle(s) still wait to go up to the province ({0}): choose “Sync now” where there is a connection first, so the schools get the province's answer on this stick.</source>
            <translation>
                <numerusform>Còn %n gói của trường chờ chuyển lên tỉnh ({0}): hãy bấm “Đồng bộ ngay” ở nơi có kết nối trước, để các trường nhận được trả lời của tỉnh trên chiếc USB này.</numerusform>
            </translation>
        </message>
        <message>
            <source>Remove the stick safely (eject it) before pulling it out.</source>
            <translation>Hãy tháo USB an toàn (Eject) trước khi rút ra.</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <source>SongMay – first start</source>
            <translation>SongMay – thiết lập lần đầu</translation>
        </message>
    </context>
    <context>
        <name>Forms</name>
        <message>
            <source>Check the dates marked in red.</source>
            <translation>Kiểm tra các ngày được đánh dấu đỏ.</translation>
        </message>
    </context>
    <context>
        <name>GapsModel</name>
        <message>
            <source>Village</source>
            <translation>Thôn/bản</translation>
        </message>
        <message>
            <source>Carrier</source>
            <translation>Nhà mạng</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Covered on</source>
            <translation>Có sóng từ ngày</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>Students</source>
            <translation>Số học sinh</translation>
        </message>
    </context>
    <context>
        <name>HandoverDialog</name>
        <message>
            <source>Reassign device</source>
            <translation>Chuyển giao thiết bị</translation>
        </message>
        <message>
            <source>Hand over a device</source>
            <translation>Bàn giao thiết bị</translation>
        </message>
        <message>
            <source>Find child</source>
            <translation>Tìm học sinh</translation>
        </message>
        <message>
            <source>Type or scan a name or personal ID</source>
            <translation>Gõ hoặc quét tên, số định danh</translation>
        </message>
        <message>
            <source>Child</source>
            <translation>Học sinh</translation>
        </message>
        <message>
            <source>Find device</source>
            <translation>Tìm thiết bị</translation>
        </message>
        <message>
            <source>Type or scan a serial number or IMEI</source>
            <translation>Gõ hoặc quét số serial hay IMEI</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>Thiết bị</translation>
        </message>
        <message>
            <source>SIM</source>
            <translation>SIM</translation>
        </message>
        <message>
            <source>Received by (guardian)</source>
            <translation>Người nhận (cha mẹ/người giám hộ)</translation>
        </message>
        <message>
            <source>Relation to the child</source>
            <translation>Quan hệ với học sinh</translation>
        </message>
        <message>
            <source>Guardian's ID card number</source>
            <translation>Số CCCD của người nhận</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>Địa điểm</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Handed over by</source>
            <translation>Người giao</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Chức vụ</translation>
        </message>
        <message>
            <source>Accessories</source>
            <translation>Phụ kiện</translation>
        </message>
        <message>
            <source>e.g. charger, earphones</source>
            <translation>ví dụ: sạc, tai nghe</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Tình trạng</translation>
        </message>
        <message>
            <source>Witness (optional)</source>
            <translation>Người chứng kiến (nếu có)</translation>
        </message>
        <message>
            <source>Reason for reassigning</source>
            <translation>Lý do chuyển giao</translation>
        </message>
        <message>
            <source>Reason to hand over another device</source>
            <translation>Lý do giao thêm thiết bị</translation>
        </message>
        <message>
            <source>— no device —</source>
            <translation>— không có thiết bị —</translation>
        </message>
        <message>
            <source>— no SIM —</source>
            <translation>— không có SIM —</translation>
        </message>
    </context>
    <context>
        <name>HandoversPage</name>
        <message>
            <source>Tier</source>
            <translation>Nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Personal ID</source>
            <translation>Số định danh</translation>
        </message>
        <message>
            <source>Holds a device</source>
            <translation>Đang giữ thiết bị</translation>
        </message>
        <message>
            <source>Minute no.</source>
            <translation>Số biên bản</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Child</source>
            <translation>Học sinh</translation>
        </message>
        <message>
            <source>Device / SIM</source>
            <translation>Thiết bị / SIM</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>Sự kiện</translation>
        </message>
        <message>
            <source>Signed paper received</source>
            <translation>Đã nhận bản giấy có chữ ký</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
        <message>
            <source>{0} (closed)</source>
            <translation>{0} (đã kết thúc)</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Không</translation>
        </message>
        <message>
            <source>Search child or minute number (accents optional)</source>
            <translation>Tìm học sinh hoặc số biên bản (gõ không dấu cũng được)</translation>
        </message>
        <message>
            <source>Hand over…</source>
            <translation>Bàn giao…</translation>
        </message>
        <message>
            <source>Print minute again</source>
            <translation>In lại biên bản</translation>
        </message>
        <message>
            <source>Signed paper minute received</source>
            <translation>Đã nhận biên bản giấy có chữ ký</translation>
        </message>
        <message>
            <source>Return device…</source>
            <translation>Thu hồi thiết bị…</translation>
        </message>
        <message>
            <source>Reassign to another child…</source>
            <translation>Chuyển cho học sinh khác…</translation>
        </message>
        <message>
            <source>Approved needs waiting for a device</source>
            <translation>Nhu cầu đã phê duyệt đang chờ thiết bị</translation>
        </message>
        <message>
            <source>Handover events</source>
            <translation>Các lần bàn giao</translation>
        </message>
        <message numerus="yes">
            <source>%n child(ren) waiting</source>
            <translation>
                <numerusform>%n em đang chờ</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>History</name>
        <message>
            <source>Created</source>
            <translation>Tạo mới</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>Sửa</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <source>Need submitted</source>
            <translation>Gửi nhu cầu</translation>
        </message>
        <message>
            <source>Need verified</source>
            <translation>Xác minh nhu cầu</translation>
        </message>
        <message>
            <source>Need approved</source>
            <translation>Phê duyệt nhu cầu</translation>
        </message>
        <message>
            <source>Need rejected</source>
            <translation>Từ chối nhu cầu</translation>
        </message>
        <message>
            <source>Need withdrawn</source>
            <translation>Rút lại nhu cầu</translation>
        </message>
        <message>
            <source>Need reopened</source>
            <translation>Mở lại nhu cầu</translation>
        </message>
        <message>
            <source>Device received</source>
            <translation>Ghi nhận đã nhận thiết bị</translation>
        </message>
        <message>
            <source>Device returned</source>
            <translation>Ghi nhận đã thu hồi thiết bị</translation>
        </message>
        <message>
            <source>Priority recalculated</source>
            <translation>Tính lại nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Handed over</source>
            <translation>Bàn giao</translation>
        </message>
        <message>
            <source>Returned</source>
            <translation>Thu hồi</translation>
        </message>
        <message>
            <source>Reassigned</source>
            <translation>Chuyển cho em khác</translation>
        </message>
        <message>
            <source>Device received into stock</source>
            <translation>Nhập kho thiết bị</translation>
        </message>
        <message>
            <source>Device allocated</source>
            <translation>Phân bổ thiết bị</translation>
        </message>
        <message>
            <source>Allocation approved</source>
            <translation>Phê duyệt quyết định phân bổ</translation>
        </message>
        <message>
            <source>Received by sync</source>
            <translation>Nhận qua đồng bộ</translation>
        </message>
        <message>
            <source>Conflict: the other version taken</source>
            <translation>Xung đột: lấy bản của máy kia</translation>
        </message>
        <message>
            <source>Conflict: this version kept</source>
            <translation>Xung đột: giữ bản trên máy này</translation>
        </message>
        <message>
            <source>Conflict: versions merged</source>
            <translation>Xung đột: gộp hai bản</translation>
        </message>
        <message>
            <source>Matched with the province's registry</source>
            <translation>Khớp với danh mục đơn vị của Sở</translation>
        </message>
        <message>
            <source>MOET student code</source>
            <translation>Mã học sinh (Bộ GD&amp;ĐT)</translation>
        </message>
        <message>
            <source>Relation</source>
            <translation>Quan hệ</translation>
        </message>
        <message>
            <source>Policy family</source>
            <translation>Gia đình chính sách</translation>
        </message>
        <message>
            <source>Poverty certificate number</source>
            <translation>Số giấy chứng nhận hộ nghèo/cận nghèo</translation>
        </message>
        <message>
            <source>Certificate issued by</source>
            <translation>Nơi cấp giấy chứng nhận</translation>
        </message>
        <message>
            <source>Parent died of COVID-19</source>
            <translation>Cha/mẹ mất do COVID-19</translation>
        </message>
        <message>
            <source>COVID-19 hardship</source>
            <translation>Khó khăn do COVID-19</translation>
        </message>
        <message>
            <source>COVID-19 note</source>
            <translation>Ghi chú COVID-19</translation>
        </message>
        <message>
            <source>Needs SIM/data</source>
            <translation>Cần SIM/gói cước</translation>
        </message>
        <message>
            <source>Received a device elsewhere</source>
            <translation>Đã nhận thiết bị từ nguồn khác</translation>
        </message>
        <message>
            <source>From whom</source>
            <translation>Nguồn nhận</translation>
        </message>
        <message>
            <source>Priority tier</source>
            <translation>Nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>Brand and model</source>
            <translation>Hãng, kiểu máy</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Data package</source>
            <translation>Gói cước</translation>
        </message>
        <message>
            <source>Minute number</source>
            <translation>Số biên bản</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>Địa điểm</translation>
        </message>
        <message>
            <source>Giving unit</source>
            <translation>Đơn vị giao</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>Người đại diện</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Chức vụ</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>Số CCCD</translation>
        </message>
        <message>
            <source>Accessories</source>
            <translation>Phụ kiện</translation>
        </message>
        <message>
            <source>Signed paper minute received</source>
            <translation>Đã nhận biên bản giấy có chữ ký</translation>
        </message>
        <message>
            <source>Witness</source>
            <translation>Người chứng kiến</translation>
        </message>
        <message>
            <source>Reason for the exception</source>
            <translation>Lý do ngoại lệ</translation>
        </message>
        <message>
            <source>Approved by</source>
            <translation>Người phê duyệt</translation>
        </message>
        <message>
            <source>Approved at</source>
            <translation>Thời điểm phê duyệt</translation>
        </message>
        <message>
            <source>Fixed broadband</source>
            <translation>Internet cố định</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Địa chỉ</translation>
        </message>
        <message>
            <source>Former code</source>
            <translation>Mã cũ</translation>
        </message>
        <message>
            <source>Province</source>
            <translation>Tỉnh/thành phố</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <source>History</source>
            <translation>Lịch sử</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Thời gian</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Người thực hiện</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Thao tác</translation>
        </message>
        <message>
            <source>Changes</source>
            <translation>Thay đổi</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>Import from USB</source>
            <translation>Nhập từ USB</translation>
        </message>
        <message>
            <source>Reads every SongMay bundle (.smb) on a USB stick or in a folder: the schools' data for an officer, the province's acknowledgements for a school. Each bundle is imported whole or not at all; bundles for other computers are skipped.</source>
            <translation>Đọc mọi gói SongMay (.smb) trên USB hoặc trong một thư mục: dữ liệu của các trường đối với cán bộ, giấy báo nhận của tỉnh đối với trường. Mỗi gói được nhập trọn vẹn hoặc không nhập gì; gói gửi cho máy khác được bỏ qua.</translation>
        </message>
        <message>
            <source>Refused records and children active at two schools are listed here.</source>
            <translation>Các bản ghi bị từ chối và trẻ đang được hỗ trợ ở hai trường được liệt kê ở đây.</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Nhập</translation>
        </message>
        <message>
            <source>Read from</source>
            <translation>Đọc từ</translation>
        </message>
        <message>
            <source>Looking at the bundles on {0}…</source>
            <translation>Đang xem các gói trong {0}…</translation>
        </message>
        <message>
            <source>No SongMay bundle (.smb) here.</source>
            <translation>Không có gói SongMay (.smb) nào ở đây.</translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) found: </source>
            <translation>
                <numerusform>Tìm thấy %n gói: </numerusform>
            </translation>
        </message>
        <message>
            <source>{0} to import, {1} imported before, {2} not for this computer, {3} damaged or refused.</source>
            <translation>{0} sẽ nhập, {1} đã nhập trước đó, {2} không gửi cho máy này, {3} bị hỏng hoặc bị từ chối.</translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) cannot be read here (sealed for the province only): they will be kept and carried to the province at the next sync.</source>
            <translation>
                <numerusform>%n gói không đọc được ở máy này (chỉ tỉnh mở được): máy sẽ giữ nguyên và chuyển lên tỉnh ở lần đồng bộ tới.</numerusform>
            </translation>
        </message>
        <message>
            <source>Press “Import” to go on.</source>
            <translation>Bấm “Nhập” để tiếp tục.</translation>
        </message>
        <message>
            <source>Reading the bundles…</source>
            <translation>Đang đọc các gói…</translation>
        </message>
        <message>
            <source>Importing bundles…</source>
            <translation>Đang nhập các gói…</translation>
        </message>
        <message>
            <source>Imported {0} of {1} bundles…</source>
            <translation>Đã nhập {0} trên {1} gói…</translation>
        </message>
        <message>
            <source>Stopping after the bundle being read…</source>
            <translation>Sẽ dừng sau gói đang đọc…</translation>
        </message>
        <message>
            <source>Cancelled: nothing was imported.</source>
            <translation>Đã hủy: không nhập gì.</translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s): </source>
            <translation>
                <numerusform>%n gói: </numerusform>
            </translation>
        </message>
        <message>
            <source>{0} imported, {1} imported before, {2} refused, {3} not for this computer.</source>
            <translation>{0} đã nhập, {1} đã nhập trước đó, {2} bị từ chối, {3} không gửi cho máy này.</translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) could not be read here and are carried to the province unread (the reason and what fixes it are in the table).</source>
            <translation>
                <numerusform>%n gói không đọc được ở máy này và được mang nguyên lên tỉnh (lý do và cách khắc phục có trong bảng).</numerusform>
            </translation>
        </message>
        <message>
            <source>Stopped before the end: the bundles not read yet are imported the next time.</source>
            <translation>Đã dừng trước khi hết: các gói chưa đọc sẽ được nhập vào lần sau.</translation>
        </message>
        <message>
            <source>Some records were changed here and at the school: review them (Sync → Review conflicts…).</source>
            <translation>Một số bản ghi đã được sửa cả ở đây và ở trường: hãy xem lại (Đồng bộ → Xem xét xung đột…).</translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) wait to go up to the province: they are relayed at the next sync with the provincial server.</source>
            <translation>
                <numerusform>%n gói đang chờ chuyển lên tỉnh: chúng sẽ được chuyển ở lần đồng bộ tới với máy chủ tỉnh.</numerusform>
            </translation>
        </message>
        <message>
            <source>No bundle is waiting to go up to the province.</source>
            <translation>Không có gói nào đang chờ chuyển lên tỉnh.</translation>
        </message>
        <message numerus="yes">
            <source>Records refused (%n):</source>
            <translation>
                <numerusform>Bản ghi bị từ chối (%n):</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Children active at two or more schools (same personal ID): %n</source>
            <translation>
                <numerusform>Trẻ đang được hỗ trợ ở hai trường trở lên (cùng số định danh): %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ImportResultsModel</name>
        <message>
            <source>exported {0}</source>
            <translation>xuất lúc {0}</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n bản ghi</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) refused: the reasons are listed below.</source>
            <translation>
                <numerusform>%n bản ghi bị từ chối: lý do ở bên dưới.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LanguagePage</name>
        <message>
            <source>This computer works for:</source>
            <translation>Máy tính này làm việc cho:</translation>
        </message>
        <message>
            <source>A school</source>
            <translation>Một trường học</translation>
        </message>
        <message>
            <source>An education office (commune, district or cluster, provincial department)</source>
            <translation>Một đơn vị quản lý giáo dục (xã/phường, huyện cũ hoặc cụm xã, Sở GD&amp;ĐT)</translation>
        </message>
        <message>
            <source>This computer is enrolled for a school, so it cannot be set up for an office.</source>
            <translation>Máy tính này đã được đăng ký cho một trường nên không thể thiết lập cho đơn vị quản lý.</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Sign in</source>
            <translation>Đăng nhập</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Người dùng</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Vai trò</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>Mã PIN</translation>
        </message>
        <message>
            <source>Wrong PIN for {0}. Type it again, or choose your own name above.</source>
            <translation>Sai mã PIN của {0}. Gõ lại, hoặc chọn đúng tên của bạn ở trên.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Dashboard</source>
            <translation>Tổng quan</translation>
        </message>
        <message>
            <source>Students and needs</source>
            <translation>Học sinh và nhu cầu</translation>
        </message>
        <message>
            <source>Devices and SIMs</source>
            <translation>Thiết bị và SIM</translation>
        </message>
        <message>
            <source>Donations</source>
            <translation>Tiếp nhận tài trợ</translation>
        </message>
        <message>
            <source>Allocation decisions</source>
            <translation>Quyết định phân bổ</translation>
        </message>
        <message>
            <source>Handovers</source>
            <translation>Bàn giao</translation>
        </message>
        <message>
            <source>Connectivity</source>
            <translation>Sóng và kết nối</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Báo cáo</translation>
        </message>
        <message>
            <source>SongMay – {0}</source>
            <translation>SongMay – {0}</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Tệp</translation>
        </message>
        <message>
            <source>&amp;Switch user…</source>
            <translation>Đổi &amp;người dùng…</translation>
        </message>
        <message>
            <source>&amp;Users…</source>
            <translation>&amp;Người dùng…</translation>
        </message>
        <message>
            <source>&amp;Paper settings…</source>
            <translation>&amp;Thiết lập văn bản…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>T&amp;hoát</translation>
        </message>
        <message>
            <source>&amp;Sync</source>
            <translation>Đồn&amp;g bộ</translation>
        </message>
        <message>
            <source>Review &amp;conflicts…</source>
            <translation>Xem xét &amp;xung đột…</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Ngôn ngữ</translation>
        </message>
        <message>
            <source>Signed in: {0}</source>
            <translation>Đã đăng nhập: {0}</translation>
        </message>
        <message numerus="yes">
            <source>Children still waiting: %Ln</source>
            <translation>
                <numerusform>Số em còn chờ: %Ln</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MinuteActions</name>
        <message>
            <source>Minute</source>
            <translation>Biên bản</translation>
        </message>
        <message>
            <source>The minute was saved to {0}.</source>
            <translation>Biên bản đã được lưu tại {0}.</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Mở</translation>
        </message>
        <message>
            <source>Print…</source>
            <translation>In…</translation>
        </message>
        <message>
            <source>This computer has no program that opens PDF files, so the minute could not be shown. It is saved as {0}: open its folder to copy or print it, or install a PDF reader.</source>
            <translation>Máy tính này chưa có chương trình mở tệp PDF nên không hiển thị được biên bản. Biên bản đã được lưu tại {0}: mở thư mục để sao chép hoặc in, hoặc cài một chương trình đọc PDF.</translation>
        </message>
        <message>
            <source>Open the folder</source>
            <translation>Mở thư mục</translation>
        </message>
        <message>
            <source>The folder could not be opened either. The minutes are in {0}.</source>
            <translation>Cũng không mở được thư mục. Các biên bản nằm ở {0}.</translation>
        </message>
    </context>
    <context>
        <name>NoticesDialog</name>
        <message>
            <source>What the server says of our records</source>
            <translation>Thông báo của máy chủ về hồ sơ của trường</translation>
        </message>
        <message>
            <source>The provincial server keeps these records aside or warns about them. Correct the record here, or ask the education office; the next sync sends the correction.</source>
            <translation>Máy chủ của Sở đang giữ lại hoặc cảnh báo về các hồ sơ này. Hãy sửa hồ sơ trên máy này hoặc hỏi Phòng/Sở GD&amp;ĐT; lần đồng bộ sau sẽ gửi bản đã sửa.</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Hồ sơ</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>What the server says</source>
            <translation>Máy chủ báo</translation>
        </message>
    </context>
    <context>
        <name>OfficePage</name>
        <message>
            <source>Commune or ward office</source>
            <translation>Đơn vị cấp xã, phường</translation>
        </message>
        <message>
            <source>District (before July 2025) or cluster of communes</source>
            <translation>Huyện cũ (trước 01/7/2025) hoặc cụm xã</translation>
        </message>
        <message>
            <source>Provincial Department of Education and Training</source>
            <translation>Sở Giáo dục và Đào tạo</translation>
        </message>
        <message>
            <source>Your education office</source>
            <translation>Đơn vị quản lý giáo dục của bạn</translation>
        </message>
        <message>
            <source>Officer mode: this computer collects the data of the schools of your commune, district or cluster, or province.</source>
            <translation>Chế độ cán bộ: máy tính này thu thập dữ liệu của các trường thuộc xã/phường, huyện cũ hoặc cụm xã, hay tỉnh của bạn.</translation>
        </message>
        <message>
            <source>Office</source>
            <translation>Cấp đơn vị</translation>
        </message>
        <message>
            <source>Province</source>
            <translation>Tỉnh/thành phố</translation>
        </message>
        <message>
            <source>Commune / ward</source>
            <translation>Xã/phường</translation>
        </message>
        <message>
            <source>Office code</source>
            <translation>Mã đơn vị</translation>
        </message>
        <message>
            <source>Office name</source>
            <translation>Tên đơn vị</translation>
        </message>
        <message>
            <source>e.g. Phòng GD&amp;ĐT huyện Mường Tè (cũ)</source>
            <translation>VD: Phòng GD&amp;ĐT huyện Mường Tè (cũ)</translation>
        </message>
        <message>
            <source>– choose the province –</source>
            <translation>– chọn tỉnh, thành phố –</translation>
        </message>
        <message>
            <source>– choose the commune or ward –</source>
            <translation>– chọn xã, phường –</translation>
        </message>
        <message>
            <source>– none: the whole cluster or district –</source>
            <translation>– không: cả cụm hoặc huyện –</translation>
        </message>
        <message>
            <source>Choose the province of the office.</source>
            <translation>Chọn tỉnh, thành phố của đơn vị.</translation>
        </message>
        <message>
            <source>A commune office needs its commune or ward: choose it.</source>
            <translation>Đơn vị cấp xã cần có xã, phường: hãy chọn xã, phường.</translation>
        </message>
        <message>
            <source>Enter the office's code.</source>
            <translation>Nhập mã của đơn vị.</translation>
        </message>
        <message>
            <source>Enter the office's name.</source>
            <translation>Nhập tên của đơn vị.</translation>
        </message>
    </context>
    <context>
        <name>Operations</name>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>PaperSettingsDialog</name>
        <message>
            <source>Paper settings</source>
            <translation>Thiết lập văn bản</translation>
        </message>
        <message>
            <source>e.g. UBND XÃ NẬM CHA (empty: worked out)</source>
            <translation>vd. UBND XÃ NẬM CHA (để trống: tự xác định)</translation>
        </message>
        <message>
            <source>e.g. BC-THCSLL → No. 01/BC-THCSLL</source>
            <translation>vd. BC-THCSLL → Số: 01/BC-THCSLL</translation>
        </message>
        <message>
            <source>e.g. HIỆU TRƯỞNG</source>
            <translation>vd. HIỆU TRƯỞNG</translation>
        </message>
        <message>
            <source>The head signs</source>
            <translation>Thủ trưởng ký</translation>
        </message>
        <message>
            <source>KT. — a deputy signs for the head</source>
            <translation>KT. — cấp phó ký thay thủ trưởng</translation>
        </message>
        <message>
            <source>TM. — for a collective body</source>
            <translation>TM. — thay mặt tập thể</translation>
        </message>
        <message>
            <source>TL.</source>
            <translation>TL.</translation>
        </message>
        <message>
            <source>TUQ.</source>
            <translation>TUQ.</translation>
        </message>
        <message>
            <source>e.g. PHÓ HIỆU TRƯỞNG (when signing for the head)</source>
            <translation>vd. PHÓ HIỆU TRƯỞNG (khi ký thay)</translation>
        </message>
        <message>
            <source>Full name of who signs</source>
            <translation>Họ và tên người ký</translation>
        </message>
        <message>
            <source>One a line, e.g.
Phòng GD&amp;ĐT …
Lưu: VT</source>
            <translation>Mỗi dòng một nơi, vd.
Phòng GD&amp;ĐT …
Lưu: VT</translation>
        </message>
        <message>
            <source>The date line's place (empty: the commune)</source>
            <translation>Địa danh ghi ở dòng ngày tháng (để trống: xã/phường)</translation>
        </message>
        <message>
            <source>Who hands devices over for the school</source>
            <translation>Người đại diện nhà trường khi bàn giao thiết bị</translation>
        </message>
        <message>
            <source>e.g. Hiệu trưởng</source>
            <translation>vd. Hiệu trưởng</translation>
        </message>
        <message>
            <source>Managing body:</source>
            <translation>Cơ quan chủ quản:</translation>
        </message>
        <message>
            <source>Symbol:</source>
            <translation>Ký hiệu:</translation>
        </message>
        <message>
            <source>Head's position:</source>
            <translation>Chức vụ thủ trưởng:</translation>
        </message>
        <message>
            <source>Signing:</source>
            <translation>Hình thức ký:</translation>
        </message>
        <message>
            <source>Signer's position:</source>
            <translation>Chức vụ người ký:</translation>
        </message>
        <message>
            <source>Signer's name:</source>
            <translation>Họ tên người ký:</translation>
        </message>
        <message>
            <source>Recipients (Nơi nhận):</source>
            <translation>Nơi nhận:</translation>
        </message>
        <message>
            <source>Place:</source>
            <translation>Địa danh:</translation>
        </message>
        <message>
            <source>Representative at handovers:</source>
            <translation>Đại diện khi bàn giao:</translation>
        </message>
        <message>
            <source>Their position:</source>
            <translation>Chức vụ:</translation>
        </message>
        <message>
            <source>Empty fields take the defaults of the unit's level. Reports already submitted keep the settings they were submitted with.</source>
            <translation>Ô để trống lấy mặc định theo cấp đơn vị. Báo cáo đã gửi giữ nguyên thiết lập lúc gửi.</translation>
        </message>
    </context>
    <context>
        <name>PlacePicker</name>
        <message>
            <source>Look again</source>
            <translation>Tìm lại</translation>
        </message>
        <message>
            <source>Look again for USB drives (after plugging one in)</source>
            <translation>Tìm lại ổ USB (sau khi cắm USB vào)</translation>
        </message>
        <message>
            <source>Choose folder…</source>
            <translation>Chọn thư mục…</translation>
        </message>
        <message>
            <source>Choose files…</source>
            <translation>Chọn tệp…</translation>
        </message>
        <message>
            <source>USB drive</source>
            <translation>Ổ USB</translation>
        </message>
        <message>
            <source>Drive</source>
            <translation>Ổ đĩa</translation>
        </message>
        <message>
            <source>{0} ({1}) — {2} free</source>
            <translation>{0} ({1}) — còn trống {2}</translation>
        </message>
        <message>
            <source>No USB drive found: plug one in and look again, or choose a folder</source>
            <translation>Không thấy ổ USB: hãy cắm USB rồi tìm lại, hoặc chọn một thư mục</translation>
        </message>
        <message>
            <source>Choose the folder of the bundles</source>
            <translation>Chọn thư mục chứa các gói</translation>
        </message>
        <message>
            <source>Choose bundles</source>
            <translation>Chọn các gói</translation>
        </message>
        <message>
            <source>SongMay bundles (*.smb);;All files (*)</source>
            <translation>Gói SongMay (*.smb);;Mọi tệp (*)</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) in {0}</source>
            <translation>
                <numerusform>%n tệp trong {0}</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PlacementDialog</name>
        <message>
            <source>One child at two schools</source>
            <translation>Một học sinh ở hai trường</translation>
        </message>
        <message>
            <source>Loading the records…</source>
            <translation>Đang tải hồ sơ…</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Birth date</source>
            <translation>Ngày sinh</translation>
        </message>
        <message>
            <source>Parent or guardian</source>
            <translation>Cha mẹ/người giám hộ</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Điện thoại</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Thôn/bản</translation>
        </message>
        <message>
            <source>Need status</source>
            <translation>Trạng thái nhu cầu</translation>
        </message>
        <message>
            <source>Need sent on</source>
            <translation>Ngày gửi nhu cầu</translation>
        </message>
        <message>
            <source>Last changed</source>
            <translation>Sửa lần cuối</translation>
        </message>
        <message>
            <source>Reason for the decision (required), e.g. moved school in September</source>
            <translation>Lý do quyết định (bắt buộc), ví dụ: em chuyển trường từ tháng 9</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>{0} is no longer active at another school: there is nothing to decide.</source>
            <translation>{0} không còn hoạt động ở trường khác: không cần quyết định.</translation>
        </message>
        <message>
            <source>{0} (personal ID {1}) is active at more than one school. Compare the records and decide which school keeps the child: the other school's need is withdrawn, and both schools receive the decision.</source>
            <translation>{0} (số định danh {1}) đang có hồ sơ hoạt động ở nhiều trường. Đối chiếu các hồ sơ và quyết định trường nào giữ em: nhu cầu ở trường kia được rút lại, và cả hai trường nhận quyết định này.</translation>
        </message>
        <message>
            <source>Keep at this school</source>
            <translation>Giữ ở trường này</translation>
        </message>
        <message>
            <source>Write the reason for the decision first: nothing was changed.</source>
            <translation>Hãy ghi lý do quyết định trước: chưa có gì thay đổi.</translation>
        </message>
        <message>
            <source>Keep {0} at {1}? The need at {2} is withdrawn.</source>
            <translation>Giữ {0} ở {1}? Nhu cầu ở {2} sẽ được rút lại.</translation>
        </message>
    </context>
    <context>
        <name>ReceiveDeviceDialog</name>
        <message>
            <source>Screen at least 8 inches</source>
            <translation>Màn hình từ 8 inch trở lên</translation>
        </message>
        <message>
            <source>RAM at least 2 GB</source>
            <translation>RAM từ 2 GB trở lên</translation>
        </message>
        <message>
            <source>Storage at least 32 GB</source>
            <translation>Bộ nhớ trong từ 32 GB trở lên</translation>
        </message>
        <message>
            <source>Camera works</source>
            <translation>Camera hoạt động</translation>
        </message>
        <message>
            <source>Battery OK</source>
            <translation>Pin tốt</translation>
        </message>
        <message>
            <source>Learning apps can be installed</source>
            <translation>Cài được ứng dụng học tập</translation>
        </message>
        <message>
            <source>Receive a device</source>
            <translation>Tiếp nhận thiết bị</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Brand and model</source>
            <translation>Hãng và mẫu máy</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>Số serial</translation>
        </message>
        <message>
            <source>IMEI (15 digits, phones and tablets with SIM)</source>
            <translation>IMEI (15 chữ số, với điện thoại và máy tính bảng có SIM)</translation>
        </message>
        <message>
            <source>Value (VND)</source>
            <translation>Giá trị (đồng)</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Tình trạng</translation>
        </message>
        <message>
            <source>Minimum specification</source>
            <translation>Cấu hình tối thiểu</translation>
        </message>
        <message>
            <source>Check against the minimum specification</source>
            <translation>Kiểm tra theo cấu hình tối thiểu</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Date received</source>
            <translation>Ngày tiếp nhận</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>Below minimum specification: {0}</source>
            <translation>Không đạt cấu hình tối thiểu: {0}</translation>
        </message>
    </context>
    <context>
        <name>ReceiveListDialog</name>
        <message>
            <source>Receive a list of devices</source>
            <translation>Tiếp nhận thiết bị theo danh sách</translation>
        </message>
        <message>
            <source>Save valid lines</source>
            <translation>Lưu các dòng hợp lệ</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Brand and model</source>
            <translation>Hãng và mẫu máy</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Tình trạng</translation>
        </message>
        <message>
            <source>Minimum specification</source>
            <translation>Cấu hình tối thiểu</translation>
        </message>
        <message>
            <source>Value of each (VND)</source>
            <translation>Giá trị mỗi máy (đồng)</translation>
        </message>
        <message>
            <source>Date received</source>
            <translation>Ngày tiếp nhận</translation>
        </message>
        <message>
            <source>Paste serial numbers or IMEIs, one per line, or two columns copied from Excel: serial, IMEI</source>
            <translation>Dán số serial hoặc IMEI, mỗi dòng một máy, hoặc hai cột chép từ Excel: serial, IMEI</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>Dòng</translation>
        </message>
        <message>
            <source>Serial</source>
            <translation>Số serial</translation>
        </message>
        <message>
            <source>IMEI</source>
            <translation>IMEI</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Kết quả</translation>
        </message>
        <message>
            <source>Serial numbers / IMEIs</source>
            <translation>Số serial / IMEI</translation>
        </message>
        <message numerus="yes">
            <source>%n line(s)</source>
            <translation>
                <numerusform>%n dòng</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n ready to save</source>
            <translation>
                <numerusform>%n dòng sẵn sàng lưu</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n with problems</source>
            <translation>
                <numerusform>%n dòng có lỗi</numerusform>
            </translation>
        </message>
        <message>
            <source>Same as line {0} of this list</source>
            <translation>Trùng với dòng {0} trong danh sách này</translation>
        </message>
        <message>
            <source>Already recorded: {0} ({1})</source>
            <translation>Đã có trong dữ liệu: {0} ({1})</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Đã lưu</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>Sẵn sàng</translation>
        </message>
        <message>
            <source>Saving devices…</source>
            <translation>Đang lưu thiết bị…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Đang hủy…</translation>
        </message>
        <message>
            <source>Cancelled: nothing was saved.</source>
            <translation>Đã hủy: không có gì được lưu.</translation>
        </message>
        <message numerus="yes">
            <source>Saved %n device(s).</source>
            <translation>
                <numerusform>Đã lưu %n thiết bị.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Skipped %n line(s):</source>
            <translation>
                <numerusform>Bỏ qua %n dòng:</numerusform>
            </translation>
        </message>
        <message>
            <source>Line {0}: {1}</source>
            <translation>Dòng {0}: {1}</translation>
        </message>
    </context>
    <context>
        <name>RegisterDevicesDialog</name>
        <message>
            <source>Devices of the donation from {0}</source>
            <translation>Thiết bị của khoản tài trợ từ {0}</translation>
        </message>
    </context>
    <context>
        <name>RegisterReceivedDialog</name>
        <message>
            <source>Serial numbers of the devices of decision {0}</source>
            <translation>Số serial thiết bị nhận theo quyết định {0}</translation>
        </message>
        <message>
            <source>{0}: received {1}, registered {2}, still to register {3}.</source>
            <translation>{0}: đã nhận {1}, đã ghi sổ {2}, còn phải ghi {3}.</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message>
            <source>Needs for support</source>
            <translation>Nhu cầu hỗ trợ</translation>
        </message>
        <message>
            <source>Donations mobilised</source>
            <translation>Huy động, tiếp nhận tài trợ</translation>
        </message>
        <message>
            <source>Devices given to students</source>
            <translation>Thiết bị trao tặng cho học sinh</translation>
        </message>
        <message>
            <source>Nobody missed: approved, still without a device</source>
            <translation>Không bỏ sót: đã duyệt nhưng chưa nhận thiết bị</translation>
        </message>
        <message>
            <source>Mobile coverage</source>
            <translation>Sóng di động</translation>
        </message>
        <message>
            <source>Six-month review</source>
            <translation>Sơ kết 6 tháng</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>Tháng này</translation>
        </message>
        <message>
            <source>Last month</source>
            <translation>Tháng trước</translation>
        </message>
        <message>
            <source>These six months</source>
            <translation>6 tháng này</translation>
        </message>
        <message>
            <source>The previous six months</source>
            <translation>6 tháng trước</translation>
        </message>
        <message>
            <source>Custom period</source>
            <translation>Tự chọn kỳ</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>Commune/ward</source>
            <translation>Xã/phường</translation>
        </message>
        <message>
            <source>District or cluster</source>
            <translation>Cụm/huyện cũ</translation>
        </message>
        <message>
            <source>Province</source>
            <translation>Tỉnh</translation>
        </message>
        <message>
            <source>from</source>
            <translation>từ ngày</translation>
        </message>
        <message>
            <source>to</source>
            <translation>đến ngày</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>Báo cáo</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Kỳ báo cáo</translation>
        </message>
        <message>
            <source>Language of the report</source>
            <translation>Ngôn ngữ của báo cáo</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Xem trước</translation>
        </message>
        <message>
            <source>Export XLSX…</source>
            <translation>Xuất XLSX…</translation>
        </message>
        <message>
            <source>Export PDF…</source>
            <translation>Xuất PDF…</translation>
        </message>
        <message>
            <source>Submit…</source>
            <translation>Gửi báo cáo…</translation>
        </message>
        <message>
            <source>Freeze the figures and the list behind them under the next report number; later changes do not alter a submitted report.</source>
            <translation>Chốt số liệu và danh sách kèm theo dưới số báo cáo tiếp theo; thay đổi về sau không làm thay đổi báo cáo đã gửi.</translation>
        </message>
        <message>
            <source>Table:</source>
            <translation>Bảng:</translation>
        </message>
        <message>
            <source>Latest period with data</source>
            <translation>Kỳ có dữ liệu gần nhất</translation>
        </message>
        <message>
            <source>Open submitted report</source>
            <translation>Mở báo cáo đã gửi</translation>
        </message>
        <message>
            <source>Submitted reports</source>
            <translation>Báo cáo đã gửi</translation>
        </message>
        <message>
            <source>Making the report…</source>
            <translation>Đang lập báo cáo…</translation>
        </message>
        <message>
            <source>The current period holds no data: the latest period with data is chosen ({0}).</source>
            <translation>Kỳ hiện tại chưa có số liệu: đã chọn kỳ có dữ liệu gần nhất ({0}).</translation>
        </message>
        <message>
            <source>{0}, school year {1}</source>
            <translation>{0}, năm học {1}</translation>
        </message>
        <message>
            <source>No data in this period ({0}). Latest data: {1} — choose another period.</source>
            <translation>Không có số liệu trong kỳ này ({0}). Dữ liệu gần nhất: {1} — chọn kỳ khác.</translation>
        </message>
        <message>
            <source>No data in this period ({0}), nor in any other: nothing is recorded for this report at {1} yet.</source>
            <translation>Không có số liệu trong kỳ này ({0}), cũng không có ở kỳ nào khác: chưa có số liệu nào cho báo cáo này tại {1}.</translation>
        </message>
        <message>
            <source>month {0}</source>
            <translation>tháng {0}</translation>
        </message>
        <message>
            <source>school year {0} ({1})</source>
            <translation>năm học {0} ({1})</translation>
        </message>
        <message>
            <source>Counts {0} · school year {1}</source>
            <translation>Số liệu tính: {0} · năm học {1}</translation>
        </message>
        <message>
            <source>Choose a report, a unit and a period, then Preview.</source>
            <translation>Chọn loại báo cáo, đơn vị và kỳ báo cáo, rồi bấm Xem trước.</translation>
        </message>
        <message>
            <source>Submitted report No. {0} ({1}): its figures are frozen.</source>
            <translation>Báo cáo đã gửi số {0} ({1}): số liệu đã được chốt.</translation>
        </message>
        <message>
            <source>Draft: not submitted yet.</source>
            <translation>Bản nháp: chưa gửi.</translation>
        </message>
        <message>
            <source>The choices changed: Preview again to see the report they give.</source>
            <translation>Lựa chọn đã thay đổi: bấm Xem trước để xem báo cáo theo lựa chọn mới.</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Bảng tính Excel (*.xlsx)</translation>
        </message>
        <message>
            <source>PDF document (*.pdf)</source>
            <translation>Tài liệu PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Export the report</source>
            <translation>Xuất báo cáo</translation>
        </message>
        <message>
            <source>Writing {0}…</source>
            <translation>Đang ghi {0}…</translation>
        </message>
        <message>
            <source>Saved to {0}</source>
            <translation>Đã lưu vào {0}</translation>
        </message>
        <message>
            <source>Submit this report? Its figures and the list behind them are frozen under the next report number and can no longer change.</source>
            <translation>Gửi báo cáo này? Số liệu và danh sách kèm theo sẽ được chốt dưới số báo cáo tiếp theo và không thể thay đổi nữa.</translation>
        </message>
        <message>
            <source>Report No. {0} was submitted.</source>
            <translation>Đã gửi báo cáo số {0}.</translation>
        </message>
    </context>
    <context>
        <name>ReturnDialog</name>
        <message>
            <source>Return device</source>
            <translation>Thu hồi thiết bị</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Tình trạng</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>e.g. moved to another school</source>
            <translation>ví dụ: chuyển trường</translation>
        </message>
    </context>
    <context>
        <name>RosterImportDialog</name>
        <message>
            <source>Import a class list</source>
            <translation>Nhập danh sách lớp</translation>
        </message>
        <message>
            <source>Choose the class list the school office gave you (.xlsx or .csv), or drop the file here. Title rows above the table and signatures below it are fine.</source>
            <translation>Chọn tệp danh sách lớp do văn phòng trường cung cấp (.xlsx hoặc .csv), hoặc kéo thả tệp vào đây. Tệp có dòng tiêu đề phía trên và chữ ký phía dưới bảng vẫn đọc được.</translation>
        </message>
        <message>
            <source>Choose a file…</source>
            <translation>Chọn tệp…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>e.g. 3A</source>
            <translation>ví dụ: 3A</translation>
        </message>
        <message>
            <source>Class for rows without one</source>
            <translation>Lớp cho các dòng không ghi lớp</translation>
        </message>
        <message>
            <source>Choose another file…</source>
            <translation>Chọn tệp khác…</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Nhập</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>How each column of the file is read:</source>
            <translation>Cách đọc từng cột của tệp:</translation>
        </message>
        <message>
            <source>New students</source>
            <translation>Học sinh mới</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>Đã cập nhật</translation>
        </message>
        <message>
            <source>Already present, unchanged</source>
            <translation>Đã có, không thay đổi</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Bị từ chối</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>Dòng</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>Save the rejected rows…</source>
            <translation>Lưu các dòng bị từ chối…</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Xong</translation>
        </message>
        <message>
            <source>Into the school: &lt;b&gt;{0}&lt;/b&gt; ({1})</source>
            <translation>Nhập vào trường: &lt;b&gt;{0}&lt;/b&gt; ({1})</translation>
        </message>
        <message>
            <source>Choose the class list</source>
            <translation>Chọn danh sách lớp</translation>
        </message>
        <message>
            <source>Class lists (*.xlsx *.csv)</source>
            <translation>Danh sách lớp (*.xlsx *.csv)</translation>
        </message>
        <message>
            <source>Reading {0}…</source>
            <translation>Đang đọc {0}…</translation>
        </message>
        <message>
            <source>The file could not be read.</source>
            <translation>Không đọc được tệp.</translation>
        </message>
        <message>
            <source>File: {0}</source>
            <translation>Tệp: {0}</translation>
        </message>
        <message>
            <source>Column names found on row {0}.</source>
            <translation>Tìm thấy tên cột ở dòng {0}.</translation>
        </message>
        <message>
            <source>Column</source>
            <translation>Cột</translation>
        </message>
        <message>
            <source>Name in the file</source>
            <translation>Tên trong tệp</translation>
        </message>
        <message>
            <source>Read as</source>
            <translation>Đọc thành</translation>
        </message>
        <message>
            <source>— ignore —</source>
            <translation>— bỏ qua —</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>(không có tên)</translation>
        </message>
        <message numerus="yes">
            <source>%n row(s)</source>
            <translation>
                <numerusform>%n dòng</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n with problems</source>
            <translation>
                <numerusform>%n dòng có lỗi</numerusform>
            </translation>
        </message>
        <message>
            <source>There are no rows to import under the column names.</source>
            <translation>Không có dòng nào để nhập dưới dòng tên cột.</translation>
        </message>
        <message numerus="yes">
            <source>%n possibly already listed (tick “Different child” to import)</source>
            <translation>
                <numerusform>%n em có thể đã có trong danh sách (đánh dấu “Em khác” để nhập)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n imported with a remark</source>
            <translation>
                <numerusform>%n em được nhập kèm ghi chú</numerusform>
            </translation>
        </message>
        <message>
            <source>Rows with problems are skipped; you can save them to a file afterwards.</source>
            <translation>Các dòng có lỗi sẽ được bỏ qua; có thể lưu chúng ra tệp sau khi nhập.</translation>
        </message>
        <message numerus="yes">
            <source>Importing %n row(s)…</source>
            <translation>
                <numerusform>Đang nhập %n dòng…</numerusform>
            </translation>
        </message>
        <message>
            <source>{0} of {1} rows done…</source>
            <translation>Đã xong {0}/{1} dòng…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Đang hủy…</translation>
        </message>
        <message>
            <source>The import was cancelled. Nothing was saved.</source>
            <translation>Đã hủy nhập. Chưa có gì được lưu.</translation>
        </message>
        <message>
            <source>The class list was imported.</source>
            <translation>Đã nhập xong danh sách lớp.</translation>
        </message>
        <message>
            <source>The class list was imported. The rejected rows were not saved: fix them in the file and import it again.</source>
            <translation>Đã nhập danh sách lớp. Các dòng bị từ chối chưa được lưu: hãy sửa trong tệp rồi nhập lại.</translation>
        </message>
        <message>
            <source>Save the rejected rows</source>
            <translation>Lưu các dòng bị từ chối</translation>
        </message>
        <message>
            <source>{0} - rejected.csv</source>
            <translation>{0} - dong bi tu choi.csv</translation>
        </message>
        <message>
            <source>CSV for Excel (*.csv)</source>
            <translation>CSV cho Excel (*.csv)</translation>
        </message>
        <message>
            <source>Saved to {0}</source>
            <translation>Đã lưu vào {0}</translation>
        </message>
        <message>
            <source>Could not save {0}: {1}</source>
            <translation>Không lưu được {0}: {1}</translation>
        </message>
    </context>
    <context>
        <name>RosterPreviewModel</name>
        <message>
            <source>Row</source>
            <translation>Dòng</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Birth date</source>
            <translation>Ngày sinh</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>Giới tính</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Personal ID</source>
            <translation>Số định danh</translation>
        </message>
        <message>
            <source>Household</source>
            <translation>Diện hộ</translation>
        </message>
        <message>
            <source>Different child</source>
            <translation>Em khác</translation>
        </message>
        <message>
            <source>Problems</source>
            <translation>Lỗi</translation>
        </message>
    </context>
    <context>
        <name>SchoolChoiceDialog</name>
        <message>
            <source>Which school?</source>
            <translation>Trường nào?</translation>
        </message>
        <message>
            <source>– choose the school –</source>
            <translation>– chọn trường –</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>Tiếp tục</translation>
        </message>
    </context>
    <context>
        <name>SchoolPage</name>
        <message>
            <source>Your school</source>
            <translation>Trường của thầy cô</translation>
        </message>
        <message>
            <source>Choose the province and the commune or ward, then your school or a new one.</source>
            <translation>Chọn tỉnh/thành phố và xã/phường, sau đó chọn trường hoặc thêm trường mới.</translation>
        </message>
        <message>
            <source>Province</source>
            <translation>Tỉnh/thành phố</translation>
        </message>
        <message>
            <source>Commune / ward</source>
            <translation>Xã/phường</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>School code</source>
            <translation>Mã trường</translation>
        </message>
        <message>
            <source>School name</source>
            <translation>Tên trường</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>Cấp học</translation>
        </message>
        <message>
            <source>I have an enrolment file from the officer…</source>
            <translation>Tôi có tệp đăng ký của cán bộ…</translation>
        </message>
        <message>
            <source>– choose the province –</source>
            <translation>– chọn tỉnh, thành phố –</translation>
        </message>
        <message>
            <source>– choose the commune or ward –</source>
            <translation>– chọn xã, phường –</translation>
        </message>
        <message>
            <source>A new school</source>
            <translation>Trường mới</translation>
        </message>
        <message>
            <source>Reading the enrolment file…</source>
            <translation>Đang đọc tệp đăng ký…</translation>
        </message>
        <message>
            <source>This computer is enrolled for {0} – {1} with the officer's file. Its USB bundles go to the province and the officer; the first sync with a network completes the enrolment.</source>
            <translation>Máy này đã đăng ký cho {0} – {1} bằng tệp của cán bộ. Gói USB của máy gửi cho tỉnh và cán bộ; lần đồng bộ đầu tiên khi có mạng sẽ hoàn tất việc đăng ký.</translation>
        </message>
    </context>
    <context>
        <name>SimsModel</name>
        <message>
            <source>Number</source>
            <translation>Số thuê bao</translation>
        </message>
        <message>
            <source>ICCID</source>
            <translation>ICCID</translation>
        </message>
        <message>
            <source>Carrier</source>
            <translation>Nhà mạng</translation>
        </message>
        <message>
            <source>Data package</source>
            <translation>Gói cước dữ liệu</translation>
        </message>
        <message>
            <source>Free until</source>
            <translation>Miễn phí đến</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation>Nhà tài trợ</translation>
        </message>
        <message>
            <source>The free period ended on {0}.</source>
            <translation>Thời gian miễn phí đã hết từ ngày {0}.</translation>
        </message>
        <message numerus="yes">
            <source>The free period ends in %n day(s), on {0}.</source>
            <translation>
                <numerusform>Thời gian miễn phí còn %n ngày, hết vào ngày {0}.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SnapshotsModel</name>
        <message>
            <source>Number</source>
            <translation>Số</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>Báo cáo</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Kỳ báo cáo</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>Ngày gửi</translation>
        </message>
        <message>
            <source>By</source>
            <translation>Người gửi</translation>
        </message>
    </context>
    <context>
        <name>StudentForm</name>
        <message>
            <source>Student</source>
            <extracomment>fields a new child's form leaves empty until the teacher chooses (a default is saved unnoticed)</extracomment>
            <translation>Học sinh</translation>
        </message>
        <message>
            <source>— choose —</source>
            <translation>— chọn —</translation>
        </message>
        <message>
            <source>This is a different child: save</source>
            <translation>Đây là một em khác: lưu</translation>
        </message>
        <message>
            <source>Print minute…</source>
            <translation>In biên bản…</translation>
        </message>
        <message>
            <source>The school's most common ethnicity: change it if the child's is another.</source>
            <translation>Dân tộc đông nhất của trường: sửa lại nếu em thuộc dân tộc khác.</translation>
        </message>
        <message>
            <source>{0} (not saved yet)</source>
            <translation>{0} (chưa lưu)</translation>
        </message>
        <message>
            <source>Your role cannot take this step: ask the school head.</source>
            <translation>Vai trò của bạn không làm được bước này: hãy nhờ hiệu trưởng.</translation>
        </message>
        <message>
            <source>Choose the household category (choose “None” if the family is in no group).</source>
            <translation>Chọn diện hộ gia đình (chọn “Không” nếu gia đình không thuộc diện nào).</translation>
        </message>
        <message>
            <source>Check the fields marked in red.</source>
            <translation>Kiểm tra các ô được đánh dấu đỏ.</translation>
        </message>
        <message>
            <source>The school may already have this child. Check before saving:</source>
            <translation>Trường có thể đã có em này. Kiểm tra trước khi lưu:</translation>
        </message>
        <message>
            <source>born {0}</source>
            <translation>sinh {0}</translation>
        </message>
        <message>
            <source>class {0}</source>
            <translation>lớp {0}</translation>
        </message>
        <message>
            <source>guardian {0}</source>
            <translation>người giám hộ {0}</translation>
        </message>
        <message>
            <source>personal ID {0}</source>
            <translation>số định danh {0}</translation>
        </message>
        <message>
            <source>If it is the same child, press Cancel and open their record in the list instead.</source>
            <translation>Nếu là cùng một em, bấm Hủy rồi mở hồ sơ của em trong danh sách.</translation>
        </message>
        <message>
            <source>Not saved yet: is this another child?</source>
            <translation>Chưa lưu: đây có phải là một em khác không?</translation>
        </message>
        <message>
            <source>this child</source>
            <translation>em này</translation>
        </message>
        <message>
            <source>Why {0} the need of {1}?</source>
            <translation>Vì sao {0} nhu cầu của {1}?</translation>
        </message>
        <message>
            <source>A reason is needed to {0}: nothing was changed.</source>
            <translation>Cần ghi lý do để {0}: chưa thay đổi gì.</translation>
        </message>
        <message>
            <source>{0} the need of {1}?</source>
            <translation>{0} nhu cầu của {1}?</translation>
        </message>
        <message>
            <source>Done: the need is now “{0}”.</source>
            <translation>Xong: nhu cầu nay ở trạng thái “{0}”.</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Birth date</source>
            <translation>Ngày sinh</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>Giới tính</translation>
        </message>
        <message>
            <source>Personal ID (12 digits)</source>
            <translation>Số định danh cá nhân (12 số)</translation>
        </message>
        <message>
            <source>Ethnicity</source>
            <translation>Dân tộc</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Thôn/bản</translation>
        </message>
        <message>
            <source>Parent or guardian</source>
            <translation>Cha mẹ hoặc người giám hộ</translation>
        </message>
        <message>
            <source>Relation</source>
            <translation>Quan hệ</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Số điện thoại</translation>
        </message>
        <message>
            <source>Household category</source>
            <translation>Diện hộ gia đình</translation>
        </message>
        <message>
            <source>Poverty certificate number</source>
            <translation>Số giấy chứng nhận hộ nghèo/cận nghèo</translation>
        </message>
        <message>
            <source>Certificate year</source>
            <translation>Năm cấp</translation>
        </message>
        <message>
            <source>Policy family</source>
            <translation>Gia đình chính sách</translation>
        </message>
        <message>
            <source>A parent died of COVID-19</source>
            <translation>Có cha/mẹ mất do COVID-19</translation>
        </message>
        <message>
            <source>Family hit hard by COVID-19</source>
            <translation>Gia đình khó khăn do COVID-19</translation>
        </message>
        <message>
            <source>COVID-19 note</source>
            <translation>Ghi chú về COVID-19</translation>
        </message>
        <message>
            <source>Need survey</source>
            <translation>Khảo sát nhu cầu</translation>
        </message>
        <message>
            <source>Device the child has now</source>
            <translation>Thiết bị hiện có</translation>
        </message>
        <message>
            <source>Internet at home</source>
            <translation>Internet tại nhà</translation>
        </message>
        <message>
            <source>Device requested</source>
            <translation>Thiết bị đề nghị</translation>
        </message>
        <message>
            <source>Needs a SIM / data</source>
            <translation>Cần SIM/gói dữ liệu</translation>
        </message>
        <message>
            <source>Already received a device elsewhere</source>
            <translation>Đã nhận thiết bị từ nguồn khác</translation>
        </message>
        <message>
            <source>From whom</source>
            <translation>Nguồn hỗ trợ</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>History…</source>
            <translation>Lịch sử…</translation>
        </message>
    </context>
    <context>
        <name>StudentsModel</name>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Birth date</source>
            <translation>Ngày sinh</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>Giới tính</translation>
        </message>
        <message>
            <source>Personal ID</source>
            <translation>Số định danh</translation>
        </message>
        <message>
            <source>Household</source>
            <translation>Diện hộ</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>Nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Need</source>
            <translation>Nhu cầu</translation>
        </message>
        <message>
            <source>Has device</source>
            <translation>Đã có máy</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Thôn/bản</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
    </context>
    <context>
        <name>StudentsPage</name>
        <message>
            <source>Search name, class or personal ID (accents optional)</source>
            <translation>Tìm theo tên, lớp hoặc số định danh (gõ không dấu cũng được)</translation>
        </message>
        <message>
            <source>All classes</source>
            <translation>Tất cả các lớp</translation>
        </message>
        <message>
            <source>All households</source>
            <translation>Mọi diện hộ</translation>
        </message>
        <message>
            <source>All tiers</source>
            <translation>Mọi nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Tier {0}</source>
            <translation>Nhóm {0}</translation>
        </message>
        <message>
            <source>All need statuses</source>
            <translation>Mọi trạng thái nhu cầu</translation>
        </message>
        <message>
            <source>Still waiting (nobody missed)</source>
            <translation>Còn chờ (không để sót)</translation>
        </message>
        <message>
            <source>With or without device</source>
            <translation>Có hoặc chưa có máy</translation>
        </message>
        <message>
            <source>Has a device</source>
            <translation>Đã có máy</translation>
        </message>
        <message>
            <source>No device yet</source>
            <translation>Chưa có máy</translation>
        </message>
        <message>
            <source>All schools</source>
            <translation>Tất cả các trường</translation>
        </message>
        <message>
            <source>Add student</source>
            <translation>Thêm học sinh</translation>
        </message>
        <message>
            <source>Import class list…</source>
            <translation>Nhập danh sách lớp…</translation>
        </message>
        <message numerus="yes">
            <source>%n student(s)</source>
            <translation>
                <numerusform>%n học sinh</numerusform>
            </translation>
        </message>
        <message>
            <source>Which school is the new child at?</source>
            <translation>Học sinh mới thuộc trường nào?</translation>
        </message>
        <message>
            <source>Which school is this class list from?</source>
            <translation>Danh sách lớp này của trường nào?</translation>
        </message>
        <message>
            <source>No school of your area is listed yet. A school's data arrives with its USB bundle or its first sync; the province adds new schools.</source>
            <translation>Chưa có trường nào của địa bàn trong danh sách. Dữ liệu của một trường đến cùng gói USB của trường hoặc lần đồng bộ đầu tiên; trường mới do Sở thêm.</translation>
        </message>
    </context>
    <context>
        <name>SyncCard</name>
        <message>
            <source>Changes not yet sent: {0}</source>
            <translation>Thay đổi chưa gửi: {0}</translation>
        </message>
    </context>
    <context>
        <name>SyncNotices</name>
        <message>
            <source>Duplicate</source>
            <translation>Trùng</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>Không được nhận</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>Bị từ chối</translation>
        </message>
        <message>
            <source>The same personal ID {0} is active at school {1}.</source>
            <translation>Số định danh {0} cũng đang có hồ sơ hiệu lực ở trường {1}.</translation>
        </message>
        <message>
            <source>The server refused this record: {0}</source>
            <translation>Máy chủ từ chối hồ sơ này: {0}</translation>
        </message>
        <message>
            <source>The server did not accept this version: {0}</source>
            <translation>Máy chủ không nhận phiên bản này: {0}</translation>
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Offline</source>
            <translation>Ngoại tuyến</translation>
        </message>
        <message>
            <source>No answer from the server</source>
            <translation>Máy chủ không trả lời</translation>
        </message>
        <message>
            <source>Server error</source>
            <translation>Máy chủ gặp lỗi</translation>
        </message>
        <message>
            <source>Access revoked — contact the education office</source>
            <translation>Đã bị thu hồi quyền — hãy liên hệ Phòng/Sở GD&amp;ĐT</translation>
        </message>
        <message>
            <source>Not recognised by the server — connect again</source>
            <translation>Máy chủ không nhận ra máy này — hãy kết nối lại</translation>
        </message>
        <message>
            <source>Not connected to a server</source>
            <translation>Chưa kết nối với máy chủ</translation>
        </message>
        <message>
            <source>Update SongMay to sync</source>
            <translation>Cần cập nhật SongMay để đồng bộ</translation>
        </message>
        <message>
            <source>Sync stopped</source>
            <translation>Đã dừng đồng bộ</translation>
        </message>
        <message>
            <source>Server address not valid</source>
            <translation>Địa chỉ máy chủ không hợp lệ</translation>
        </message>
        <message>
            <source>Sync failed</source>
            <translation>Đồng bộ không thành công</translation>
        </message>
        <message>
            <source>The last USB export or import did not finish</source>
            <translation>Lần xuất/nhập USB gần nhất chưa xong</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusBar</name>
        <message>
            <source>Sync &amp;now</source>
            <translation>Đồng bộ &amp;ngay</translation>
        </message>
        <message>
            <source>Send this computer's changes to the provincial server and receive theirs</source>
            <translation>Gửi các thay đổi của máy này lên máy chủ của Sở và nhận các thay đổi từ máy chủ</translation>
        </message>
        <message>
            <source>Connect to the provincial &amp;server…</source>
            <translation>Kết nối với &amp;máy chủ của Sở…</translation>
        </message>
        <message>
            <source>What the server says of our &amp;records…</source>
            <translation>Thông báo của máy chủ về &amp;hồ sơ…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Stopping the sync…</source>
            <translation>Đang dừng đồng bộ…</translation>
        </message>
        <message>
            <source>Sending {0} of {1}…</source>
            <translation>Đang gửi {0}/{1}…</translation>
        </message>
        <message>
            <source>Receiving… {0}</source>
            <translation>Đang nhận… {0}</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Đang đồng bộ…</translation>
        </message>
        <message>
            <source>Never synced or exported</source>
            <translation>Chưa đồng bộ hoặc xuất dữ liệu lần nào</translation>
        </message>
        <message>
            <source>Synced {0}</source>
            <translation>Đã đồng bộ {0}</translation>
        </message>
        <message>
            <source>Last sync or export: {0}</source>
            <translation>Lần đồng bộ/xuất gần nhất: {0}</translation>
        </message>
        <message>
            <source>{0} — will retry at {1}</source>
            <translation>{0} — sẽ thử lại lúc {1}</translation>
        </message>
        <message numerus="yes">
            <source>%n school bundle(s) relayed to the province</source>
            <translation>
                <numerusform>đã chuyển %n gói của trường lên tỉnh</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>acknowledgements for %n school computer(s) wait for the next Export to USB</source>
            <translation>
                <numerusform>giấy báo nhận cho %n máy của trường chờ lần Xuất ra USB tới</numerusform>
            </translation>
        </message>
        <message>
            <source>Sent {0}, received {1}.</source>
            <translation>Đã gửi {0}, đã nhận {1}.</translation>
        </message>
        <message numerus="yes">
            <source>%n of the relayed bundles could not be read here (sealed for the province only): their records came back from the province with this sync.</source>
            <translation>
                <numerusform>%n gói đã chuyển không đọc được ở máy này (chỉ tỉnh mở được): số liệu của chúng đã về từ tỉnh trong lần đồng bộ này.</numerusform>
            </translation>
        </message>
        <message>
            <source>The province's answers to the schools are in the data folder: Export to USB puts them on the stick.</source>
            <translation>Trả lời của tỉnh cho các trường đã ở trong thư mục dữ liệu: Xuất ra USB sẽ chép chúng vào USB.</translation>
        </message>
        <message>
            <source>Changes not yet sent: {0}</source>
            <translation>Thay đổi chưa gửi: {0}</translation>
        </message>
        <message>
            <source>Server: {0}</source>
            <translation>Máy chủ: {0}</translation>
        </message>
        <message numerus="yes">
            <source>%n notice(s) from the server</source>
            <translation>
                <numerusform>%n thông báo từ máy chủ</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>UnsavedChanges</name>
        <message>
            <source>Unsaved changes</source>
            <translation>Chưa lưu thay đổi</translation>
        </message>
        <message>
            <source>This form has changes that are not saved yet. Save them?</source>
            <translation>Biểu mẫu có thay đổi chưa được lưu. Lưu lại không?</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Lưu</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Bỏ</translation>
        </message>
        <message>
            <source>Go back</source>
            <translation>Quay lại</translation>
        </message>
    </context>
    <context>
        <name>Usb</name>
        <message>
            <source>This computer is not connected to the provincial server yet, so it has no keys to seal or open USB bundles. Connect it first: Sync → Connect to the provincial server…, with the address and the one-time code from the education office (an officer can also give an enrolment file).</source>
            <translation>Máy này chưa kết nối với máy chủ tỉnh nên chưa có khoá để mã hoá hay mở gói USB. Hãy kết nối trước: Đồng bộ → Kết nối với máy chủ của Sở…, với địa chỉ và mã dùng một lần do phòng/sở giáo dục cấp (cán bộ cũng có thể đưa tệp đăng ký).</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>&amp;Export to USB…</source>
            <translation>&amp;Xuất ra USB…</translation>
        </message>
        <message>
            <source>Write what the provincial server does not have yet to a USB stick, for the collecting officer</source>
            <translation>Ghi những gì máy chủ tỉnh chưa có ra USB, để gửi cán bộ thu nhận</translation>
        </message>
        <message>
            <source>&amp;Import from USB…</source>
            <translation>&amp;Nhập từ USB…</translation>
        </message>
        <message>
            <source>Read the bundles on a USB stick: the schools' data, or the province's acknowledgements</source>
            <translation>Đọc các gói trên USB: dữ liệu của các trường, hoặc giấy báo nhận của tỉnh</translation>
        </message>
    </context>
    <context>
        <name>UsbImport</name>
        <message>
            <source>Imported</source>
            <translation>Đã nhập</translation>
        </message>
        <message>
            <source>Imported before</source>
            <translation>Đã nhập trước đó</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>Bị từ chối</translation>
        </message>
        <message>
            <source>Skipped: not for this computer</source>
            <translation>Bỏ qua: không gửi cho máy này</translation>
        </message>
        <message>
            <source>Carried to the province: not readable here</source>
            <translation>Mang lên tỉnh: máy này không đọc được</translation>
        </message>
        <message>
            <source>Ready to import</source>
            <translation>Sẵn sàng nhập</translation>
        </message>
        <message>
            <source>To carry to the province: not readable here</source>
            <translation>Sẽ mang lên tỉnh: máy này không đọc được</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>School</source>
            <translation>Trường</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Kết quả</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Mới</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>Thay đổi</translation>
        </message>
        <message>
            <source>Conflicts</source>
            <translation>Xung đột</translation>
        </message>
        <message>
            <source>Duplicates</source>
            <translation>Trùng</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>Thông báo</translation>
        </message>
        <message>
            <source>Children of this school with an active need or device at another school too (the same personal ID): listed below</source>
            <translation>Trẻ của trường này đang có nhu cầu hoặc thiết bị ở một trường khác (cùng số định danh): xem danh sách bên dưới</translation>
        </message>
        <message>
            <source>Records of this school refused one by one (the rest was imported): listed below with the reason</source>
            <translation>Các bản ghi của trường này bị từ chối từng bản ghi một (phần còn lại đã được nhập): xem danh sách và lý do bên dưới</translation>
        </message>
        <message>
            <source>Already here: {0}</source>
            <translation>Đã có ở đây: {0}</translation>
        </message>
    </context>
    <context>
        <name>UserPage</name>
        <message>
            <source>You</source>
            <translation>Người dùng</translation>
        </message>
        <message>
            <source>The first user of this computer. A PIN of 4 to 8 digits protects your work.</source>
            <translation>Người dùng đầu tiên của máy này. Mã PIN 4–8 chữ số bảo vệ công việc của thầy cô.</translation>
        </message>
        <message>
            <source>The first user of this office's computer. A PIN of 4 to 8 digits protects the office's work.</source>
            <translation>Người dùng đầu tiên của máy tính cơ quan. Mã PIN 4–8 chữ số bảo vệ công việc của cơ quan.</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Vai trò</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>Mã PIN</translation>
        </message>
        <message>
            <source>PIN again</source>
            <translation>Nhập lại mã PIN</translation>
        </message>
        <message>
            <source>Teacher</source>
            <translation>Giáo viên</translation>
        </message>
        <message>
            <source>School head</source>
            <translation>Hiệu trưởng</translation>
        </message>
        <message>
            <source>Provincial officer</source>
            <translation>Cán bộ Sở</translation>
        </message>
        <message>
            <source>Collecting officer</source>
            <translation>Cán bộ phòng/xã</translation>
        </message>
        <message>
            <source>The school head</source>
            <translation>Hiệu trưởng</translation>
        </message>
        <message>
            <source>Only the school head verifies and approves the needs. Give the head an account now (the head types their own PIN), or add it later in File → Users…</source>
            <translation>Chỉ hiệu trưởng mới xác minh và phê duyệt nhu cầu. Tạo tài khoản cho hiệu trưởng ngay bây giờ (hiệu trưởng tự gõ mã PIN của mình), hoặc thêm sau ở Tệp → Người dùng…</translation>
        </message>
        <message>
            <source>Head's name</source>
            <translation>Họ tên hiệu trưởng</translation>
        </message>
        <message>
            <source>Head's PIN</source>
            <translation>Mã PIN của hiệu trưởng</translation>
        </message>
        <message>
            <source>Head's PIN again</source>
            <translation>Nhập lại mã PIN của hiệu trưởng</translation>
        </message>
        <message>
            <source>Add the head later (until then nobody here can verify or approve)</source>
            <translation>Thêm hiệu trưởng sau (đến lúc đó chưa ai trên máy này xác minh hay phê duyệt được)</translation>
        </message>
        <message>
            <source>The PIN must be 4 to 8 digits.</source>
            <translation>Mã PIN phải gồm 4 đến 8 chữ số.</translation>
        </message>
        <message>
            <source>The two PINs differ.</source>
            <translation>Hai mã PIN không khớp nhau.</translation>
        </message>
        <message>
            <source>The head is another person than you: enter the head's own name, or tick “Add the head later”.</source>
            <translation>Hiệu trưởng là người khác với bạn: nhập họ tên của hiệu trưởng, hoặc đánh dấu “Thêm hiệu trưởng sau”.</translation>
        </message>
    </context>
    <context>
        <name>UsersDialog</name>
        <message>
            <source>Users of this computer</source>
            <translation>Người dùng máy này</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Họ tên</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Vai trò</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>Khóa tài khoản</translation>
        </message>
        <message>
            <source>new PIN (4–8 digits)</source>
            <translation>mã PIN mới (4–8 chữ số)</translation>
        </message>
        <message>
            <source>Reset PIN</source>
            <translation>Đặt lại mã PIN</translation>
        </message>
        <message>
            <source>Add a user</source>
            <translation>Thêm người dùng</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Thêm</translation>
        </message>
        <message>
            <source>PIN (4–8 digits)</source>
            <translation>Mã PIN (4–8 chữ số)</translation>
        </message>
        <message>
            <source>PIN again</source>
            <translation>Nhập lại mã PIN</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>đã khóa</translation>
        </message>
        <message>
            <source>active</source>
            <translation>đang dùng</translation>
        </message>
        <message>
            <source>You add teachers and heads, disable an account that is no longer used and reset a forgotten PIN. The last head of the school is kept.</source>
            <translation>Bạn thêm giáo viên và hiệu trưởng, khóa tài khoản không còn dùng và đặt lại mã PIN bị quên. Tài khoản hiệu trưởng cuối cùng của trường luôn được giữ lại.</translation>
        </message>
        <message>
            <source>This computer has no school head yet, so nobody can verify or approve the needs. Add the head here (the head types their own PIN).</source>
            <translation>Máy này chưa có hiệu trưởng nên chưa ai xác minh hay phê duyệt được nhu cầu. Thêm hiệu trưởng ở đây (hiệu trưởng tự gõ mã PIN của mình).</translation>
        </message>
        <message>
            <source>Only the school head or an officer manages the users: ask {0}.</source>
            <translation>Chỉ hiệu trưởng hoặc cán bộ mới quản lý người dùng: hãy nhờ {0}.</translation>
        </message>
        <message>
            <source>The two PINs differ.</source>
            <translation>Hai mã PIN không khớp nhau.</translation>
        </message>
        <message>
            <source>{0} can now sign in with their PIN.</source>
            <translation>{0} đã có thể đăng nhập bằng mã PIN của mình.</translation>
        </message>
        <message>
            <source>Disable the account of {0}? They will no longer be able to sign in.</source>
            <translation>Khóa tài khoản của {0}? Người này sẽ không thể đăng nhập nữa.</translation>
        </message>
        <message>
            <source>{0} can no longer sign in.</source>
            <translation>{0} không thể đăng nhập nữa.</translation>
        </message>
        <message>
            <source>{0} signs in with the new PIN from now on.</source>
            <translation>Từ nay {0} đăng nhập bằng mã PIN mới.</translation>
        </message>
    </context>
    <context>
        <name>WaitingModel</name>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Thôn/bản</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>Nhóm ưu tiên</translation>
        </message>
        <message>
            <source>Why waiting</source>
            <translation>Lý do còn chờ</translation>
        </message>
        <message>
            <source>Approved, no device yet</source>
            <translation>Đã phê duyệt, chưa có thiết bị</translation>
        </message>
        <message>
            <source>Eligible, no need recorded</source>
            <translation>Thuộc diện ưu tiên, chưa khảo sát nhu cầu</translation>
        </message>
    </context>
</TS>
