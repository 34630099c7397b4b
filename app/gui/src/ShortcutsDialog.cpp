#include "gui/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace delineate::app {
namespace {

QString plainText(const QAction* action)
{
    QString text = action->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    if (text.endsWith(QStringLiteral("...")))
        text.chop(3);
    return text;
}

QString shortcutText(const QAction* action)
{
    QStringList keys;
    for (const QKeySequence& sequence : action->shortcuts())
        if (!sequence.isEmpty())
            keys << sequence.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

void collectMenu(const QMenu* menu, const QString& group, QSet<const QAction*>& seen,
                 QList<ShortcutsDialog::Entry>& out)
{
    for (QAction* action : menu->actions()) {
        if (action->isSeparator())
            continue;
        if (const QMenu* sub = action->menu()) {
            collectMenu(sub, group + QStringLiteral(" > ") + plainText(action), seen, out);
            continue;
        }
        const QString keys = shortcutText(action);
        if (keys.isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        out.push_back({group, plainText(action), keys});
    }
}

} // namespace

QList<ShortcutsDialog::Entry> ShortcutsDialog::collect(const QMenuBar* menuBar, const QList<QAction*>& extra)
{
    QList<Entry> entries;
    QSet<const QAction*> seen;
    if (menuBar)
        for (QAction* top : menuBar->actions())
            if (const QMenu* menu = top->menu())
                collectMenu(menu, plainText(top), seen, entries);
    for (QAction* action : extra) {
        const QString keys = shortcutText(action);
        if (action->isSeparator() || keys.isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        entries.push_back({tr("Other"), plainText(action), keys});
    }
    return entries;
}

QList<ShortcutsDialog::Entry> ShortcutsDialog::mouseGestures()
{
    const QString group = tr("Mouse");
    return {
        {group, tr("Use the active tool (Navigate: pan)"), tr("Left drag")},
        {group, tr("Window/level: right = wider window, down = higher level"), tr("Right drag")},
        {group, tr("Negative SAM point, polygon erase"), tr("Right click, Alt+click")},
        {group, tr("Pan"), tr("Middle drag, Space+left drag")},
        {group, tr("Previous/next slice"), tr("Wheel")},
        {group, tr("Zoom at the cursor"), tr("Ctrl+wheel")},
        {group, tr("Fit the slice to the view"), tr("Double click")},
    };
}

ShortcutsDialog::ShortcutsDialog(QMenuBar* menuBar, QWidget* window)
    : QDialog(window), m_menuBar(menuBar), m_window(window), m_tree(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts and Mouse"));
    setModal(false);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_tree->setWordWrap(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
    resize(680, 640); // room for the mouse gestures' descriptions
    refresh();
}

void ShortcutsDialog::refresh()
{
    m_tree->clear();
    QTreeWidgetItem* group = nullptr;
    // The mouse first: the gestures are what no menu shows.
    for (const Entry& entry :
         mouseGestures() + collect(m_menuBar, m_window ? m_window->actions() : QList<QAction*>{})) {
        if (!group || group->text(0) != entry.group) {
            group = new QTreeWidgetItem(m_tree, {entry.group});
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(true);
        }
        new QTreeWidgetItem(group, {entry.action, entry.shortcut});
    }
    m_tree->expandAll();
}

int ShortcutsDialog::rowCount() const
{
    int rows = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        rows += m_tree->topLevelItem(i)->childCount();
    return rows;
}

void ShortcutsDialog::showEvent(QShowEvent* event)
{
    refresh();
    QDialog::showEvent(event);
}

} // namespace delineate::app
