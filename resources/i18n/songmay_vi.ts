<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
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
            <source>Students and needs</source>
            <translation>Học sinh và nhu cầu</translation>
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
</TS>
