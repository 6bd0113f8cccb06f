"""Where a USB bundle can go, or come from: the removable drives mounted now.

``candidates`` decides, as a pure function over plain ``Volume`` descriptions (so it is
tested without hardware), which mounted volumes to offer: ready, writable, not the
system volume nor a pseudo file system; removable drives first (Windows: GetDriveTypeW
says DRIVE_REMOVABLE; Linux: mounted under /media, /run/media or /mnt, or the disk's
/sys/block/<disk>/removable is 1; macOS: under /Volumes). ``detect`` reads the real
volumes (QStorageInfo) and asks it: call it off the GUI thread (a dead network mount can
make a stat hang). ``Ask`` holds the system's folder and file choosers, so tests can
replace them.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QLocale, QStorageInfo
from PySide6.QtWidgets import QFileDialog, QWidget

DRIVE_REMOVABLE, DRIVE_FIXED = 2, 3  # Windows GetDriveTypeW
# Linux mounts that are never a place for a file (QStorageInfo leaves most out already)
PSEUDO_FS = frozenset({
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
    "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "overlay", "proc", "pstore", "ramfs",
    "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs", "tracefs", "iso9660",
    "fuse.gvfsd-fuse", "fuse.portal", "fuse.snapfuse", "fuse.lxcfs", "fuse.xdg-document-portal",
})
LINUX_MEDIA = ("/media/", "/run/media/", "/mnt/")
MAC_MEDIA = ("/Volumes/",)


@dataclass(frozen=True)
class Volume:
    """A mounted volume as the system describes it."""

    root: str  # mount point ("/media/hoa/SONGMAY", "E:/")
    label: str = ""
    device: str = ""  # "/dev/sdb1", "\\\\?\\Volume{…}\\"
    fs_type: str = ""
    ready: bool = True
    read_only: bool = False
    system: bool = False  # the volume the system runs from (QStorageInfo.root())
    free: int = 0  # bytes available to this user
    drive_type: int | None = None  # Windows: GetDriveTypeW of the root
    removable: bool | None = None  # Linux: /sys/block/<disk>/removable, when known


@dataclass(frozen=True)
class Drive:
    """A place offered for bundles."""

    root: str
    label: str
    free: int
    removable: bool  # a stick or a card (offered first, chosen by default)


def candidates(volumes: list[Volume], platform: str = sys.platform, system_device: str = "") -> list[Drive]:
    """The volumes worth offering, removable ones first. ``platform``: ``sys.platform``;
    ``system_device``: the system volume's device (a bind mount of it is the system too)."""
    out: list[Drive] = []
    for v in volumes:
        fs = v.fs_type.lower()
        if not v.ready or v.read_only or v.system or not v.root or fs in PSEUDO_FS:
            continue
        if system_device and v.device == system_device and platform != "win32":
            continue
        if platform == "win32":
            if v.drive_type not in (None, DRIVE_REMOVABLE, DRIVE_FIXED):
                continue  # network shares, CD-ROMs, RAM disks: choose a folder instead
            removable = v.drive_type == DRIVE_REMOVABLE
        elif platform == "darwin":
            removable = v.root.startswith(MAC_MEDIA)
            if not removable:
                continue
        else:
            if not v.device.startswith("/dev/"):
                continue  # network and virtual file systems
            removable = bool(v.removable) or (v.root.rstrip("/") + "/").startswith(LINUX_MEDIA)
            if not removable:
                continue  # the system's own partitions (/boot, /home…): choose a folder instead
        out.append(Drive(v.root, v.label, v.free, removable))
    return sorted(out, key=lambda d: (not d.removable, d.root.lower()))


def _linux_removable(device: str) -> bool | None:
    """/sys/block/<disk>/removable of the disk holding ``device`` (a partition's parent)."""
    if not device.startswith("/dev/"):
        return None
    name = Path(os.path.realpath(device)).name
    node = Path("/sys/class/block") / name
    for folder in (node, node.resolve().parent):
        flag = folder / "removable"
        try:
            return flag.read_text().strip() == "1"
        except OSError:
            continue
    return None


def _windows_drive_type(root: str) -> int | None:
    try:
        return int(ctypes.windll.kernel32.GetDriveTypeW(QDir.toNativeSeparators(root)))
    except (AttributeError, OSError):
        return None


def read_volumes() -> tuple[list[Volume], str]:
    """The mounted volumes now, and the system volume's device (disk work: not on the GUI thread)."""
    system = QStorageInfo.root()
    out = []
    for s in QStorageInfo.mountedVolumes():
        if not s.isValid():
            continue
        root, device = s.rootPath(), bytes(s.device()).decode(errors="replace")
        out.append(Volume(
            root=root, label=s.name() or "", device=device,
            fs_type=bytes(s.fileSystemType()).decode(errors="replace"), ready=s.isReady(),
            read_only=s.isReadOnly(), system=s.isRoot() or root == system.rootPath(),
            free=max(0, s.bytesAvailable()),
            drive_type=_windows_drive_type(root) if sys.platform == "win32" else None,
            removable=_linux_removable(device) if sys.platform.startswith("linux") else None))
    return out, bytes(system.device()).decode(errors="replace")


def detect() -> list[Drive]:
    volumes, system_device = read_volumes()
    return candidates(volumes, sys.platform, system_device)


def size_text(n: int) -> str:
    """14,2 GB in Vietnamese, 14.2 GB in English."""
    return QLocale().formattedDataSize(max(0, int(n)), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def native(path: str | Path) -> str:
    return QDir.toNativeSeparators(str(path))


class Ask:
    """The system's choosers in one place, so tests can replace them (as ui.errors.Dialogs)."""

    @staticmethod
    def folder(parent: QWidget | None, title: str, start: str) -> str | None:
        name = QFileDialog.getExistingDirectory(parent, title, start)
        return name or None

    @staticmethod
    def files(parent: QWidget | None, title: str, start: str, filters: str) -> list[str]:
        names, _ = QFileDialog.getOpenFileNames(parent, title, start, filters)
        return list(names)
