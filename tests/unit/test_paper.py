from app.ops import paper as ops
from app.paper import PaperSettings, paper_settings
from app.store import Store


def test_paper_settings_are_saved_cleaned_and_read_back(tmp_path):
    with Store.open(tmp_path) as store:
        assert paper_settings(store) == PaperSettings()
        saved = ops.save(store, PaperSettings(
            symbol=" bc-thnc ", signer_name="lò  văn minh", sign_for="KT.", signer_title="PHÓ HIỆU TRƯỞNG",
            recipients=["Phòng GD&ĐT", " ", "Lưu: VT"]))
        assert saved.symbol == "BC-THNC" and saved.recipients == ["Phòng GD&ĐT", "Lưu: VT"]
        assert paper_settings(store) == saved
        store.set_setting("paper", "not json")
        assert paper_settings(store) == PaperSettings()
