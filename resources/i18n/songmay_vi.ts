<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
    <context>
        <name>AddSimDialog</name>
        <message>
            <source>Add a SIM</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Phone number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ICCID (printed on the SIM card)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Carrier</source>
            <translation>Nhà mạng</translation>
        </message>
        <message>
            <source>Data package</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Free until</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Donor</source>
            <translation type="unfinished" />
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
    </context>
    <context>
        <name>DevicesModel</name>
        <message>
            <source>Kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brand and model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Serial</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>IMEI</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Condition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Minimum spec</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Donor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value (VND)</source>
            <translation type="unfinished" />
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
            <translation type="unfinished" />
        </message>
        <message>
            <source>Receive a list…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark faulty…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark lost…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add SIM…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Devices</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SIMs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All statuses</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Total: {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{0} is with a child (handed over). Record its return on the handover screen first; then it can be marked faulty or lost.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a device in the table first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What is wrong with {0}?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How was {0} lost?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark faulty</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark lost</source>
            <translation type="unfinished" />
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
        <name>FirstRunWizard</name>
        <message>
            <source>SongMay – first start</source>
            <translation>SongMay – thiết lập lần đầu</translation>
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
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hand over a device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find child</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type or scan a name or personal ID</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Child</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type or scan a serial number or IMEI</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SIM</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Received by (guardian)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Relation to the child</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Guardian's ID card number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Place</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Handed over by</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Position</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Accessories</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>e.g. charger, earphones</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Condition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Witness (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason for reassigning</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason to hand over another device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>— no device —</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>— no SIM —</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No device in stock has the serial number or IMEI {0}.</source>
            <translation type="unfinished" />
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
            <translation type="unfinished">Số định danh</translation>
        </message>
        <message>
            <source>Holds a device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Minute no.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Child</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Device / SIM</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Signed paper received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search child or minute number (accents optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hand over…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Print minute again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Signed paper minute received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Return device…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reassign to another child…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Approved needs waiting for a device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Handover events</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n child(ren) waiting</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
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
            <source>PIN</source>
            <translation>Mã PIN</translation>
        </message>
        <message>
            <source>Wrong PIN.</source>
            <translation>Sai mã PIN.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Dashboard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Students and needs</source>
            <translation>Học sinh và nhu cầu</translation>
        </message>
        <message>
            <source>Connectivity</source>
            <translation type="unfinished" />
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
            <source>&amp;Quit</source>
            <translation>T&amp;hoát</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Ngôn ngữ</translation>
        </message>
        <message>
            <source>Changes not yet sent: {0}</source>
            <translation>Thay đổi chưa gửi: {0}</translation>
        </message>
        <message>
            <source>Last sync or export: {0} ({1})</source>
            <translation>Lần đồng bộ/xuất gần nhất: {0} ({1})</translation>
        </message>
        <message>
            <source>Never synced or exported</source>
            <translation>Chưa đồng bộ hoặc xuất dữ liệu lần nào</translation>
        </message>
    </context>
    <context>
        <name>ReceiveDeviceDialog</name>
        <message>
            <source>Screen at least 8 inches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>RAM at least 2 GB</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Storage at least 32 GB</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Camera works</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Battery OK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Learning apps can be installed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Receive a device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brand and model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Serial number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>IMEI (15 digits, phones and tablets with SIM)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value (VND)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Condition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Minimum specification</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Check against the minimum specification</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Donor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <source>Below minimum specification: {0}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ReceiveListDialog</name>
        <message>
            <source>Receive a list of devices</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save valid lines</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Close</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brand and model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Donor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Condition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Minimum specification</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value of each (VND)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Paste serial numbers or IMEIs, one per line, or two columns copied from Excel: serial, IMEI</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Line</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Serial</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>IMEI</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Result</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Serial numbers / IMEIs</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n line(s)</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message numerus="yes">
            <source>%n ready to save</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message numerus="yes">
            <source>%n with problems</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message>
            <source>Same as line {0} of this list</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Already recorded: {0} ({1})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ready</source>
            <translation type="unfinished">Sẵn sàng</translation>
        </message>
        <message>
            <source>Saving devices…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelling…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled: nothing was saved.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Saved %n device(s).</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message numerus="yes">
            <source>Skipped %n line(s):</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message>
            <source>Line {0}: {1}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ReturnDialog</name>
        <message>
            <source>Return device</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Condition</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason</source>
            <translation type="unfinished">Lý do</translation>
        </message>
        <message>
            <source>e.g. moved to another school</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RosterImportDialog</name>
        <message>
            <source>Import a class list</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the class list the school office gave you (.xlsx or .csv), or drop the file here. Title rows above the table and signatures below it are fine.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a file…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Close</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>e.g. 3A</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Class for rows without one</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose another file…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How each column of the file is read:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New students</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Updated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Already present, unchanged</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rejected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Row</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reason</source>
            <translation type="unfinished">Lý do</translation>
        </message>
        <message>
            <source>Save the rejected rows…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the class list</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Class lists (*.xlsx *.csv)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading {0}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The file could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>File: {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Column names found on row {0}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Column</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name in the file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read as</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>— ignore —</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no name)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n row(s)</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message numerus="yes">
            <source>%n with problems</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message>
            <source>There are no rows to import under the column names.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rows with problems are skipped; you can save them to a file afterwards.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Importing %n row(s)…</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
        <message>
            <source>{0} of {1} rows done…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelling…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The import was cancelled. Nothing was saved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The class list was imported.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The class list was imported. The rejected rows were not saved: fix them in the file and import it again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the rejected rows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{0} - rejected.csv</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CSV for Excel (*.csv)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved to {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not save {0}: {1}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RosterPreviewModel</name>
        <message>
            <source>Row</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>Birth date</source>
            <translation type="unfinished">Ngày sinh</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation type="unfinished">Giới tính</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>Lớp</translation>
        </message>
        <message>
            <source>Personal ID</source>
            <translation type="unfinished">Số định danh</translation>
        </message>
        <message>
            <source>Household</source>
            <translation type="unfinished">Diện hộ</translation>
        </message>
        <message>
            <source>Problems</source>
            <translation type="unfinished" />
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
            <source>A new school</source>
            <translation>Trường mới</translation>
        </message>
    </context>
    <context>
        <name>SimsModel</name>
        <message>
            <source>Number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ICCID</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Carrier</source>
            <translation>Nhà mạng</translation>
        </message>
        <message>
            <source>Data package</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Free until</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Donor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The free period ended on {0}.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>The free period ends in %n day(s), on {0}.</source>
            <translation type="unfinished">
                <numerusform />
            </translation>
        </message>
    </context>
    <context>
        <name>StudentForm</name>
        <message>
            <source>Student</source>
            <translation>Học sinh</translation>
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
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>Why?</source>
            <translation>Vì sao?</translation>
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
            <source>The PIN must be 4 to 8 digits.</source>
            <translation>Mã PIN phải gồm 4 đến 8 chữ số.</translation>
        </message>
        <message>
            <source>The two PINs differ.</source>
            <translation>Hai mã PIN không giống nhau.</translation>
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
