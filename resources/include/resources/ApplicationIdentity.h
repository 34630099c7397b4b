#pragma once
// Who the application is to the desktop: organisation and application name (QSettings location),
// desktop file name (so the window manager matches resources/delineate.desktop) and the icon.

class QGuiApplication;
class QString;

namespace delineate::resources {

// Path of the application icon inside the binary's resources.
[[nodiscard]] QString iconPath();

// Sets names, desktop file name and window icon on `app`.
void applyApplicationIdentity(QGuiApplication& app);

} // namespace delineate::resources
