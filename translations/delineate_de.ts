<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CursorReadout</name>
    <message>
        <source>Pixel (%1, %2)  Frame %3</source>
        <translation>Pixel (%1, %2)  Bild %3</translation>
    </message>
    <message>
        <source>Voxel (%1, %2, %3)</source>
        <translation>Voxel (%1, %2, %3)</translation>
    </message>
    <message>
        <source>LPS (%1, %2, %3) mm</source>
        <translation>LPS (%1, %2, %3) mm</translation>
    </message>
    <message>
        <source>RGB (%1, %2, %3)</source>
        <translation>RGB (%1, %2, %3)</translation>
    </message>
    <message>
        <source>Value %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>Label %1</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Could Not Open Study</source>
        <translation>Studie konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Could Not Open Label Map</source>
        <translation>Labelkarte konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Could Not Open Project</source>
        <translation>Projekt konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Could Not Save Project</source>
        <translation>Projekt konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Could Not Update Project</source>
        <translation>Projekt konnte nicht aktualisiert werden</translation>
    </message>
    <message>
        <source>Could Not Export Labels</source>
        <translation>Labels konnten nicht exportiert werden</translation>
    </message>
    <message>
        <source>Autosave Failed</source>
        <translation>Automatische Sicherung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could Not Load SAM Model</source>
        <translation>SAM-Modell konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>No SAM Suggestion</source>
        <translation>Kein SAM-Vorschlag</translation>
    </message>
    <message>
        <source>Retraining Failed</source>
        <translation>Nachtrainieren fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could Not Import Label Descriptions</source>
        <translation>Labelbeschreibungen konnten nicht importiert werden</translation>
    </message>
    <message>
        <source>Could Not Export Label Descriptions</source>
        <translation>Labelbeschreibungen konnten nicht exportiert werden</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>The study “%1” could not be opened.</source>
        <translation>Die Studie „%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The label map “%1” could not be opened.</source>
        <translation>Die Labelkarte „%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The project “%1” could not be opened.</source>
        <translation>Das Projekt „%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The project could not be saved in “%1”.</source>
        <translation>Das Projekt konnte nicht in „%1“ gespeichert werden.</translation>
    </message>
    <message>
        <source>The project “%1” could not be updated.</source>
        <translation>Das Projekt „%1“ konnte nicht aktualisiert werden.</translation>
    </message>
    <message>
        <source>The labels could not be exported to “%1”.</source>
        <translation>Die Labels konnten nicht nach „%1“ exportiert werden.</translation>
    </message>
    <message>
        <source>The studies&apos; labels could not be exported to “%1”.</source>
        <translation>Die Labels der Studien konnten nicht nach „%1“ exportiert werden.</translation>
    </message>
    <message>
        <source>The edits could not be autosaved to “%1”.</source>
        <translation>Die Änderungen konnten nicht automatisch in „%1“ gesichert werden.</translation>
    </message>
    <message>
        <source>The SAM model “%1” could not be loaded.</source>
        <translation>Das SAM-Modell „%1“ konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>SAM could not make a suggestion.</source>
        <translation>SAM konnte keinen Vorschlag machen.</translation>
    </message>
    <message>
        <source>Retraining for “%1” failed; the active model is unchanged.</source>
        <translation>Das Nachtrainieren für „%1“ ist fehlgeschlagen; das aktive Modell bleibt unverändert.</translation>
    </message>
    <message>
        <source>The label descriptions “%1” could not be imported.</source>
        <translation>Die Labelbeschreibungen „%1“ konnten nicht importiert werden.</translation>
    </message>
    <message>
        <source>The label descriptions could not be exported to “%1”.</source>
        <translation>Die Labelbeschreibungen konnten nicht nach „%1“ exportiert werden.</translation>
    </message>
    <message>
        <source>Something failed.</source>
        <translation>Etwas ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The file or folder does not exist.</source>
        <translation>Die Datei oder der Ordner existiert nicht.</translation>
    </message>
    <message>
        <source>The file could not be read. Check that you may read it and that the disk is available.</source>
        <translation>Die Datei konnte nicht gelesen werden. Prüfen Sie die Leserechte und ob das Laufwerk verfügbar ist.</translation>
    </message>
    <message>
        <source>The file could not be written. Check that the folder is writable and the disk is not full.</source>
        <translation>Die Datei konnte nicht geschrieben werden. Prüfen Sie, ob der Ordner beschreibbar und das Laufwerk nicht voll ist.</translation>
    </message>
    <message>
        <source>This is not a SAM checkpoint or adapter Delineate can read.</source>
        <translation>Dies ist kein SAM-Checkpoint oder Adapter, den Delineate lesen kann.</translation>
    </message>
    <message>
        <source>This is not a Delineate project, or one written by a newer version.</source>
        <translation>Dies ist kein Delineate-Projekt oder eines, das von einer neueren Version geschrieben wurde.</translation>
    </message>
    <message>
        <source>This is not a format Delineate can open. Supported: DICOM files and folders, NIfTI, MetaImage, NRRD, PNG, JPEG, TIFF and BMP.</source>
        <translation>Delineate kann dieses Format nicht öffnen. Unterstützt: DICOM-Dateien und -Ordner, NIfTI, MetaImage, NRRD, PNG, JPEG, TIFF und BMP.</translation>
    </message>
    <message>
        <source>The DICOM images use a compression Delineate cannot decode.</source>
        <translation>Die DICOM-Bilder verwenden eine Kompression, die Delineate nicht dekodieren kann.</translation>
    </message>
    <message>
        <source>The checkpoint is damaged, incomplete or holds invalid weights.</source>
        <translation>Der Checkpoint ist beschädigt, unvollständig oder enthält ungültige Gewichte.</translation>
    </message>
    <message>
        <source>The project file is damaged or incomplete.</source>
        <translation>Die Projektdatei ist beschädigt oder unvollständig.</translation>
    </message>
    <message>
        <source>The file is damaged or incomplete.</source>
        <translation>Die Datei ist beschädigt oder unvollständig.</translation>
    </message>
    <message>
        <source>The images do not form a regular volume (missing or irregular slices, mixed orientations).</source>
        <translation>Die Bilder bilden kein reguläres Volumen (fehlende oder unregelmäßige Schichten, gemischte Orientierungen).</translation>
    </message>
    <message>
        <source>The weights do not fit the model (their shapes differ).</source>
        <translation>Die Gewichte passen nicht zum Modell (ihre Formen weichen ab).</translation>
    </message>
    <message>
        <source>The label map does not lie on the grid of the open image.</source>
        <translation>Die Labelkarte liegt nicht auf dem Gitter des geöffneten Bildes.</translation>
    </message>
    <message>
        <source>The checkpoint declares sizes too large to load.</source>
        <translation>Der Checkpoint gibt Größen an, die zu groß zum Laden sind.</translation>
    </message>
    <message>
        <source>The image is too large to load into memory.</source>
        <translation>Das Bild ist zu groß, um es in den Speicher zu laden.</translation>
    </message>
    <message>
        <source>Save the labels as a project first.</source>
        <translation>Speichern Sie die Labels zuerst als Projekt.</translation>
    </message>
    <message>
        <source>Delineate cannot do this with the given input.</source>
        <translation>Delineate kann dies mit den gegebenen Eingaben nicht ausführen.</translation>
    </message>
    <message>
        <source>The file asks to run code Delineate does not allow; it was not loaded.</source>
        <translation>Die Datei verlangt die Ausführung von Code, den Delineate nicht zulässt; sie wurde nicht geladen.</translation>
    </message>
    <message>
        <source>It was cancelled.</source>
        <translation>Der Vorgang wurde abgebrochen.</translation>
    </message>
    <message>
        <source>An unexpected error occurred.</source>
        <translation>Ein unerwarteter Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <source>Path: %1</source>
        <translation>Pfad: %1</translation>
    </message>
    <message>
        <source>Technical detail (English): %1 [%2]</source>
        <translation>Technische Angabe (englisch): %1 [%2]</translation>
    </message>
    <message>
        <source>The GPU ran out of memory. Close other programs that use it, or choose Model → Device → CPU.</source>
        <translation>Der GPU ist der Speicher ausgegangen. Schließen Sie andere Programme, die sie nutzen, oder wählen Sie Modell → Gerät → CPU.</translation>
    </message>
    <message>
        <source>No working NVIDIA driver was found. Install or update the driver, or choose Model → Device → CPU.</source>
        <translation>Es wurde kein funktionierender NVIDIA-Treiber gefunden. Installieren oder aktualisieren Sie den Treiber, oder wählen Sie Modell → Gerät → CPU.</translation>
    </message>
    <message>
        <source>The GPU reported an error. Your prompts are kept and answered on the CPU.</source>
        <translation>Die GPU hat einen Fehler gemeldet. Ihre Eingaben bleiben erhalten und werden auf der CPU beantwortet.</translation>
    </message>
    <message>
        <source>SAM Runs on the CPU</source>
        <translation>SAM läuft auf der CPU</translation>
    </message>
    <message>
        <source>SAM could not use %1 and now runs on the CPU.</source>
        <translation>SAM konnte %1 nicht nutzen und läuft jetzt auf der CPU.</translation>
    </message>
</context>
<context>
    <name>SliceCaption</name>
    <message>
        <source>Frame %1 / %2</source>
        <translation>Bild %1 / %2</translation>
    </message>
    <message>
        <source>Slice %1 / %2</source>
        <translation>Schicht %1 / %2</translation>
    </message>
    <message>
        <source>  ✔ reviewed</source>
        <translation>  ✔ geprüft</translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation>W %1  L %2</translation>
    </message>
    <message>
        <source>  missing: no image in the series</source>
        <translation>  fehlt: kein Bild in der Serie</translation>
    </message>
</context>
<context>
    <name>WindowPreset</name>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>CT brain</source>
        <translation>CT Gehirn</translation>
    </message>
    <message>
        <source>CT bone</source>
        <translation>CT Knochen</translation>
    </message>
    <message>
        <source>CT lung</source>
        <translation>CT Lunge</translation>
    </message>
    <message>
        <source>CT soft tissue</source>
        <translation>CT Weichteil</translation>
    </message>
</context>
<context>
    <name>delineate::app::AnnotationActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Accept Proposal</source>
        <translation>Vorschlag &amp;annehmen</translation>
    </message>
    <message>
        <source>&amp;Reject Proposal</source>
        <translation>Vorschlag &amp;verwerfen</translation>
    </message>
    <message>
        <source>&amp;Suggest for This Slice</source>
        <translation>Für diese &amp;Schicht vorschlagen</translation>
    </message>
    <message>
        <source>Suggest for A&amp;ll Slices</source>
        <translation>Für a&amp;lle Schichten vorschlagen</translation>
    </message>
    <message>
        <source>Set Range S&amp;tart Here</source>
        <translation>Bereichs&amp;anfang hier setzen</translation>
    </message>
    <message>
        <source>Set Range &amp;End Here</source>
        <translation>Bereichs&amp;ende hier setzen</translation>
    </message>
    <message>
        <source>Suggest for Slice &amp;Range</source>
        <translation>Für Schicht&amp;bereich vorschlagen</translation>
    </message>
    <message>
        <source>Prompt-free suggestions from the range start ([) to the range end (]); a mark not set is the shown slice</source>
        <translation>Vorschläge ohne Prompt vom Bereichsanfang ([) bis zum Bereichsende (]); eine nicht gesetzte Marke ist die angezeigte Schicht</translation>
    </message>
    <message>
        <source>&amp;Cancel Suggestions</source>
        <translation>Vorschläge a&amp;bbrechen</translation>
    </message>
    <message>
        <source>&amp;Mark Slice Reviewed</source>
        <translation>Schicht als &amp;geprüft markieren</translation>
    </message>
    <message>
        <source>&amp;Fill Holes</source>
        <translation>&amp;Löcher füllen</translation>
    </message>
    <message>
        <source>&amp;Keep Largest Component</source>
        <translation>Nur größte &amp;Komponente behalten</translation>
    </message>
    <message>
        <source>&amp;Smooth</source>
        <translation>&amp;Glätten</translation>
    </message>
    <message>
        <source>&amp;Interpolate Between Slices</source>
        <translation>Zwischen Schichten &amp;interpolieren</translation>
    </message>
    <message>
        <source>Fill the holes of the active label on this slice</source>
        <translation>Die Löcher des aktiven Labels auf dieser Schicht füllen</translation>
    </message>
    <message>
        <source>Keep only the largest piece of the active label on this slice</source>
        <translation>Nur das größte Stück des aktiven Labels auf dieser Schicht behalten</translation>
    </message>
    <message>
        <source>Smooth the edges of the active label on this slice</source>
        <translation>Die Ränder des aktiven Labels auf dieser Schicht glätten</translation>
    </message>
    <message>
        <source>Fill the slices between the nearest labelled slices around this one with the active label</source>
        <translation>Die Schichten zwischen den nächsten beschrifteten Schichten um diese herum mit dem aktiven Label füllen</translation>
    </message>
    <message>
        <source>Interpolate: label two slices around this one (with empty slices between them) first</source>
        <translation>Interpolieren: zuerst zwei Schichten um diese herum beschriften (mit leeren Schichten dazwischen)</translation>
    </message>
    <message>
        <source>this slice</source>
        <translation>diese Schicht</translation>
    </message>
    <message>
        <source>Slice range %1 to %2: Shift+R suggests for it</source>
        <translation>Schichtbereich %1 bis %2: Umschalt+R schlägt dafür vor</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>%1 &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>%1 &amp;wiederholen</translation>
    </message>
</context>
<context>
    <name>delineate::app::AutosaveStatus</name>
    <message>
        <source>Autosave failed: edits kept in memory, retrying</source>
        <translation>Automatische Sicherung fehlgeschlagen: Änderungen bleiben im Speicher, neuer Versuch folgt</translation>
    </message>
    <message numerus="yes">
        <source>Your edits are kept in memory and autosave tries again every %n second(s). To be safe, save the project to another folder.</source>
        <translation>
            <numerusform>Ihre Änderungen bleiben im Speicher erhalten; die automatische Sicherung versucht es jede Sekunde erneut. Speichern Sie das Projekt sicherheitshalber in einen anderen Ordner.</numerusform>
            <numerusform>Ihre Änderungen bleiben im Speicher erhalten; die automatische Sicherung versucht es alle %n Sekunden erneut. Speichern Sie das Projekt sicherheitshalber in einen anderen Ordner.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>delineate::app::DeviceMenu</name>
    <message>
        <source>&amp;Device</source>
        <translation>&amp;Gerät</translation>
    </message>
    <message>
        <source>&amp;Automatic</source>
        <translation>&amp;Automatisch</translation>
    </message>
    <message>
        <source>The first CUDA device when this build can use one, else the CPU</source>
        <translation>Das erste CUDA-Gerät, wenn dieser Build eines nutzen kann, sonst die CPU</translation>
    </message>
    <message numerus="yes">
        <source>&amp;CPU (%n thread(s))</source>
        <translation>
            <numerusform>&amp;CPU (%n Thread)</numerusform>
            <numerusform>&amp;CPU (%n Threads)</numerusform>
        </translation>
    </message>
    <message>
        <source>CUDA %1</source>
        <translation>CUDA %1</translation>
    </message>
    <message>
        <source>CUDA %1: %2</source>
        <translation>CUDA %1: %2</translation>
    </message>
    <message>
        <source>No CUDA device found</source>
        <translation>Kein CUDA-Gerät gefunden</translation>
    </message>
    <message>
        <source>No CUDA in this build (CPU only)</source>
        <translation>Dieser Build hat kein CUDA (nur CPU)</translation>
    </message>
    <message>
        <source>CUDA %1 (not available here)</source>
        <translation>CUDA %1 (hier nicht verfügbar)</translation>
    </message>
</context>
<context>
    <name>delineate::app::FileMenu</name>
    <message>
        <source>Export Project as &amp;nnU-Net Dataset…</source>
        <translation>Projekt als &amp;nnU-Net-Datensatz exportieren…</translation>
    </message>
    <message>
        <source>The project&apos;s studies and label maps in nnU-Net v2&apos;s raw data set layout</source>
        <translation>Die Studien und Labelkarten des Projekts im Rohdatensatz-Format von nnU-Net v2</translation>
    </message>
    <message>
        <source>Images (*.nii *.nii.gz *.mha *.mhd *.nrrd *.nhdr *.dcm *.png *.jpg *.jpeg *.tif *.tiff *.bmp DICOMDIR);;All files (*)</source>
        <translation>Bilder (*.nii *.nii.gz *.mha *.mhd *.nrrd *.nhdr *.dcm *.png *.jpg *.jpeg *.tif *.tiff *.bmp DICOMDIR);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Open File…</source>
        <translation>Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open DICOM &amp;Folder…</source>
        <translation>DICOM-&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Label Map…</source>
        <translation>&amp;Labelkarte öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <source>&amp;Save Project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <source>Save Project &amp;As…</source>
        <translation>Projekt speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Export Labels…</source>
        <translation>Labels &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export Labels &amp;per Label…</source>
        <translation>Labels einzeln e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export All Studies of the Pro&amp;ject…</source>
        <translation>Alle Studien des Pro&amp;jekts exportieren…</translation>
    </message>
    <message>
        <source>Every study&apos;s label map, on its own grid, into one folder</source>
        <translation>Die Labelkarte jeder Studie, auf ihrem eigenen Gitter, in einen Ordner</translation>
    </message>
    <message>
        <source>Choose &amp;Series…</source>
        <translation>&amp;Serie wählen…</translation>
    </message>
    <message>
        <source>Open another image series of the shown DICOM folder</source>
        <translation>Eine andere Bildserie des angezeigten DICOM-Ordners öffnen</translation>
    </message>
    <message>
        <source>Choose F&amp;rame…</source>
        <translation>Bi&amp;ld wählen…</translation>
    </message>
    <message>
        <source>Open another frame of the shown 4D image</source>
        <translation>Ein anderes Bild des angezeigten 4D-Bildes öffnen</translation>
    </message>
    <message>
        <source>Study &amp;Information…</source>
        <translation>Studien&amp;informationen…</translation>
    </message>
    <message>
        <source>Show the study&apos;s grid, values and what the loader noted about it</source>
        <translation>Zeigt Gitter und Werte der Studie und was beim Laden vermerkt wurde</translation>
    </message>
    <message>
        <source>&amp;Close Study</source>
        <translation>Studie s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Next Study in Project</source>
        <translation>&amp;Nächste Studie im Projekt</translation>
    </message>
    <message>
        <source>&amp;Previous Study in Project</source>
        <translation>&amp;Vorherige Studie im Projekt</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Project S&amp;tudies</source>
        <translation>Projekt&amp;studien</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n reviewed)</source>
        <translation>
            <numerusform>%1 (%n geprüft)</numerusform>
            <numerusform>%1 (%n geprüft)</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Study</source>
        <translation>Studie öffnen</translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation>DICOM-Ordner öffnen</translation>
    </message>
    <message>
        <source>Open Label Map</source>
        <translation>Labelkarte öffnen</translation>
    </message>
    <message>
        <source>Label maps (*.nii *.nii.gz *.mha *.nrrd);;All files (*)</source>
        <translation>Labelkarten (*.nii *.nii.gz *.mha *.nrrd);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Save Project in Folder</source>
        <translation>Projekt in Ordner speichern</translation>
    </message>
    <message>
        <source>NIfTI (*.nii.gz *.nii)</source>
        <translation>NIfTI (*.nii.gz *.nii)</translation>
    </message>
    <message>
        <source>PNG masks (*.png)</source>
        <translation>PNG-Masken (*.png)</translation>
    </message>
    <message>
        <source>Export Labels per Label</source>
        <translation>Labels einzeln exportieren</translation>
    </message>
    <message>
        <source>Export Labels</source>
        <translation>Labels exportieren</translation>
    </message>
    <message>
        <source>Export All Studies into Folder</source>
        <translation>Alle Studien in Ordner exportieren</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n label map(s) to %1</source>
        <translation>
            <numerusform>%n Labelkarte nach %1 exportiert</numerusform>
            <numerusform>%n Labelkarten nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (project)</source>
        <translation>%1 (Projekt)</translation>
    </message>
</context>
<context>
    <name>delineate::app::MainStatusBar</name>
    <message numerus="yes">
        <source>⚠ %n warning(s): %1 (File &gt; Study Information)</source>
        <translation>
            <numerusform>⚠ %n Warnung: %1 (Datei &gt; Studieninformationen)</numerusform>
            <numerusform>⚠ %n Warnungen: %1 (Datei &gt; Studieninformationen)</numerusform>
        </translation>
    </message>
    <message>
        <source>SAM %1/%2, %3 s left</source>
        <translation>SAM %1/%2, noch %3 s</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running SAM suggestions or propagation (Esc cancels a propagation)</source>
        <translation>Die laufenden SAM-Vorschläge oder die Propagation abbrechen (Esc bricht eine Propagation ab)</translation>
    </message>
</context>
<context>
    <name>delineate::app::MainWindow</name>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>&amp;Labels</translation>
    </message>
    <message>
        <source>&amp;SAM</source>
        <translation>&amp;SAM</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Delineate</source>
        <translation>Delineate</translation>
    </message>
    <message>
        <source>%1[*] — Delineate</source>
        <translation>%1[*] — Delineate</translation>
    </message>
    <message>
        <source>series %1</source>
        <translation>Serie %1</translation>
    </message>
    <message>
        <source>frame %1 of %2</source>
        <translation>Bild %1 von %2</translation>
    </message>
</context>
<context>
    <name>delineate::app::ModelController</name>
    <message>
        <source>SAM Model</source>
        <translation>SAM-Modell</translation>
    </message>
    <message>
        <source>Choose &amp;Checkpoint…</source>
        <translation>&amp;Checkpoint wählen…</translation>
    </message>
    <message>
        <source>Choose &amp;Adapter…</source>
        <translation>&amp;Adapter wählen…</translation>
    </message>
    <message>
        <source>Use &amp;Base Model</source>
        <translation>&amp;Basismodell verwenden</translation>
    </message>
    <message>
        <source>SAM %1 on %2</source>
        <translation>SAM %1 auf %2</translation>
    </message>
    <message>
        <source>No SAM model</source>
        <translation>Kein SAM-Modell</translation>
    </message>
    <message>
        <source>Loading SAM model %1…</source>
        <translation>SAM-Modell %1 wird geladen…</translation>
    </message>
    <message>
        <source>Choose SAM Checkpoint</source>
        <translation>SAM-Checkpoint wählen</translation>
    </message>
    <message>
        <source>SAM checkpoints (*.pth *.pt);;All files (*)</source>
        <translation>SAM-Checkpoints (*.pth *.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose Adapter</source>
        <translation>Adapter wählen</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors);;All files (*)</source>
        <translation>Adapter (*.safetensors);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Embedding Cache &amp;Size…</source>
        <translation>&amp;Größe des Embedding-Caches…</translation>
    </message>
    <message>
        <source>Memory kept for image embeddings, so revisited slices answer at once</source>
        <translation>Speicher für Bild-Embeddings, damit erneut besuchte Schichten sofort antworten</translation>
    </message>
    <message>
        <source>Embedding Cache Size</source>
        <translation>Größe des Embedding-Caches</translation>
    </message>
    <message>
        <source>Memory for image embeddings in MiB (one slice takes 4 MiB; the least recently used go first):</source>
        <translation>Speicher für Bild-Embeddings in MiB (eine Schicht belegt 4 MiB; die am längsten nicht benutzten fallen zuerst heraus):</translation>
    </message>
    <message>
        <source>adapter %1</source>
        <translation>Adapter %1</translation>
    </message>
    <message>
        <source>for “%1”</source>
        <translation>für „%1“</translation>
    </message>
    <message>
        <source>base model for “%1”</source>
        <translation>Basismodell für „%1“</translation>
    </message>
    <message>
        <source>The adapter %1 of label “%2” is missing: the base model is used</source>
        <translation>Der Adapter %1 des Labels „%2“ fehlt: Das Basismodell wird verwendet</translation>
    </message>
    <message>
        <source>Adapter %1 in use for label “%2”</source>
        <translation>Adapter %1 wird für das Label „%2“ verwendet</translation>
    </message>
    <message>
        <source>Label “%1” has no adapter in this project: the base model is used</source>
        <translation>Das Label „%1“ hat in diesem Projekt keinen Adapter: Das Basismodell wird verwendet</translation>
    </message>
    <message>
        <source>Adapter %1 set aside: the base model is used</source>
        <translation>Adapter %1 beiseitegelegt: Das Basismodell wird verwendet</translation>
    </message>
    <message>
        <source>Loading SAM…</source>
        <translation>SAM wird geladen…</translation>
    </message>
    <message>
        <source>base model</source>
        <translation>Basismodell</translation>
    </message>
</context>
<context>
    <name>delineate::app::ModelPanel</name>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Variant:</source>
        <translation>Variante:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>Adapter:</source>
        <translation>Adapter:</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern…</translation>
    </message>
    <message>
        <source>Choose another SAM checkpoint</source>
        <translation>Einen anderen SAM-Checkpoint wählen</translation>
    </message>
    <message>
        <source>Adapter…</source>
        <translation>Adapter…</translation>
    </message>
    <message>
        <source>Choose an adapter trained for this checkpoint</source>
        <translation>Einen für diesen Checkpoint trainierten Adapter wählen</translation>
    </message>
    <message>
        <source>Loading SAM model %1…</source>
        <translation>SAM-Modell %1 wird geladen…</translation>
    </message>
    <message>
        <source>No SAM model loaded</source>
        <translation>Kein SAM-Modell geladen</translation>
    </message>
    <message>
        <source>SAM model loaded</source>
        <translation>SAM-Modell geladen</translation>
    </message>
    <message>
        <source>(random weights)</source>
        <translation>(Zufallsgewichte)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>(asked for %1; it failed: %2)</source>
        <translation>(%1 gewählt; fehlgeschlagen: %2)</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>(automatisch)</translation>
    </message>
    <message>
        <source>none (not loaded from a file)</source>
        <translation>keine (nicht aus einer Datei geladen)</translation>
    </message>
    <message>
        <source>verified: the official file listed in the model catalogue</source>
        <translation>geprüft: die offizielle Datei aus dem Modellkatalog</translation>
    </message>
    <message>
        <source>not verified: no model in the catalogue has this checksum (%1)</source>
        <translation>nicht geprüft: kein Modell im Katalog hat diese Prüfsumme (%1)</translation>
    </message>
    <message>
        <source>none (base model)</source>
        <translation>keiner (Basismodell)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA %1</source>
        <translation>CUDA %1</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>none for label “%1” (base model)</source>
        <translation>keiner für das Label „%1“ (Basismodell)</translation>
    </message>
    <message>
        <source>%1, in use for label “%2”</source>
        <translation>%1, verwendet für das Label „%2“</translation>
    </message>
</context>
<context>
    <name>delineate::app::NnUnetExportAction</name>
    <message>
        <source>Export Project as nnU-Net Dataset</source>
        <translation>Projekt als nnU-Net-Datensatz exportieren</translation>
    </message>
    <message>
        <source>Which studies go into the nnU-Net data set?</source>
        <translation>Welche Studien kommen in den nnU-Net-Datensatz?</translation>
    </message>
    <message>
        <source>nnU-Net takes every unlabelled voxel as background, so a partly annotated study teaches it wrong. &quot;Complete only&quot; exports the studies in which every slice holding a label is marked reviewed.</source>
        <translation>nnU-Net hält jedes unbeschriftete Voxel für Hintergrund; eine nur teilweise annotierte Studie bringt ihm also Falsches bei. „Nur vollständige“ exportiert die Studien, in denen jede Schicht mit einem Label als geprüft markiert ist.</translation>
    </message>
    <message>
        <source>Complete Only</source>
        <translation>Nur vollständige</translation>
    </message>
    <message>
        <source>All Studies with Labels</source>
        <translation>Alle Studien mit Labels</translation>
    </message>
    <message>
        <source>Exporting the project as an nnU-Net data set…</source>
        <translation>Projekt wird als nnU-Net-Datensatz exportiert…</translation>
    </message>
    <message numerus="yes">
        <source>nnU-Net data set written: %1 (%n case(s), %2 left out)</source>
        <translation>
            <numerusform>nnU-Net-Datensatz geschrieben: %1 (%n Fall, %2 ausgelassen)</numerusform>
            <numerusform>nnU-Net-Datensatz geschrieben: %1 (%n Fälle, %2 ausgelassen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>delineate::app::NoModelPanel</name>
    <message>
        <source>&lt;p&gt;The model catalogue is missing from this build.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Modellkatalog fehlt in diesem Build.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Get Models…</source>
        <translation>Modelle holen…</translation>
    </message>
    <message>
        <source>Download an official SAM checkpoint, verified by its SHA-256</source>
        <translation>Einen offiziellen SAM-Checkpoint herunterladen, geprüft anhand seiner SHA-256</translation>
    </message>
    <message>
        <source>Choose Local File…</source>
        <translation>Lokale Datei wählen…</translation>
    </message>
    <message>
        <source>Use a SAM checkpoint file you already have (.pth, .pt)</source>
        <translation>Eine SAM-Checkpoint-Datei verwenden, die Sie bereits haben (.pth, .pt)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No SAM model loaded&lt;/h3&gt;&lt;p&gt;Delineate ships no weights. &lt;b&gt;Get Models…&lt;/b&gt; downloads an official checkpoint into your data folder and checks its SHA-256 before first use; nothing is downloaded unless you ask. Without network, &lt;b&gt;Choose Local File…&lt;/b&gt; uses a checkpoint you have.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Kein SAM-Modell geladen&lt;/h3&gt;&lt;p&gt;Delineate liefert keine Gewichte mit. &lt;b&gt;Modelle holen…&lt;/b&gt; lädt einen offiziellen Checkpoint in Ihren Datenordner und prüft seine SHA-256 vor der ersten Verwendung; heruntergeladen wird nur, was Sie anfordern. Ohne Netzwerk verwendet &lt;b&gt;Lokale Datei wählen…&lt;/b&gt; einen Checkpoint, den Sie haben.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Models in the catalogue:&lt;/p&gt;</source>
        <translation>&lt;p&gt;Modelle im Katalog:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>(non-commercial use only)</source>
        <translation>(nur nicht-kommerzielle Nutzung)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3&lt;br&gt;&lt;i&gt;%4&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3&lt;br&gt;&lt;i&gt;%4&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>Größe unbekannt</translation>
    </message>
</context>
<context>
    <name>delineate::app::PacsBrowserDialog</name>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Retrieve and Open</source>
        <translation>Abrufen und öffnen</translation>
    </message>
    <message>
        <source>Cancel Retrieval</source>
        <translation>Abruf abbrechen</translation>
    </message>
    <message>
        <source>Open from PACS</source>
        <translation>Aus PACS öffnen</translation>
    </message>
    <message>
        <source>e.g. DOE^J*</source>
        <translation>z. B. MUSTER^M*</translation>
    </message>
    <message>
        <source>YYYYMMDD or YYYYMMDD-YYYYMMDD</source>
        <translation>JJJJMMTT oder JJJJMMTT-JJJJMMTT</translation>
    </message>
    <message>
        <source>e.g. CT</source>
        <translation>z. B. CT</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>Patient name:</source>
        <translation>Patientenname:</translation>
    </message>
    <message>
        <source>Patient ID:</source>
        <translation>Patienten-ID:</translation>
    </message>
    <message>
        <source>Study date:</source>
        <translation>Studiendatum:</translation>
    </message>
    <message>
        <source>Modality:</source>
        <translation>Modalität:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Patient / series</source>
        <translation>Patient / Serie</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>No PACS node is configured: File &gt; PACS Nodes…</source>
        <translation>Kein PACS-Knoten eingerichtet: Datei &gt; PACS-Knoten…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Studies found: %1</source>
        <translation>Gefundene Studien: %1</translation>
    </message>
    <message>
        <source>Listing the series failed: %1</source>
        <translation>Die Serien konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Serie %1</translation>
    </message>
    <message>
        <source>Retrieving…</source>
        <translation>Wird abgerufen…</translation>
    </message>
    <message>
        <source>Retrieval cancelled; nothing was kept.</source>
        <translation>Abruf abgebrochen; nichts wurde behalten.</translation>
    </message>
    <message>
        <source>Retrieval failed: %1</source>
        <translation>Abruf fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Images retrieved: %1</source>
        <translation>Abgerufene Bilder: %1</translation>
    </message>
</context>
<context>
    <name>delineate::app::PacsNodesDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose File</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>Use TLS</source>
        <translation>TLS verwenden</translation>
    </message>
    <message>
        <source>Test Connection (C-ECHO)</source>
        <translation>Verbindung testen (C-ECHO)</translation>
    </message>
    <message>
        <source>PACS Nodes</source>
        <translation>PACS-Knoten</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>AE title:</source>
        <translation>AE-Titel:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Our AE title:</source>
        <translation>Eigener AE-Titel:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation>CA-Zertifikat:</translation>
    </message>
    <message>
        <source>Our certificate:</source>
        <translation>Eigenes Zertifikat:</translation>
    </message>
    <message>
        <source>Our private key:</source>
        <translation>Eigener privater Schlüssel:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Nothing secret is stored: DIMSE has no passwords, and TLS keys stay in the files named here.</source>
        <translation>Nichts Geheimes wird gespeichert: DIMSE kennt keine Passwörter, und TLS-Schlüssel bleiben in den hier genannten Dateien.</translation>
    </message>
    <message>
        <source>New node</source>
        <translation>Neuer Knoten</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>The node answers.</source>
        <translation>Der Knoten antwortet.</translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation>Keine Antwort: %1</translation>
    </message>
</context>
<context>
    <name>delineate::app::PacsSegController</name>
    <message>
        <source>E&amp;xport Labels as DICOM SEG…</source>
        <translation>Labels als DICOM-SE&amp;G exportieren…</translation>
    </message>
    <message>
        <source>Import DICOM SE&amp;G…</source>
        <translation>DICOM-SEG i&amp;mportieren…</translation>
    </message>
    <message>
        <source>Open fro&amp;m PACS…</source>
        <translation>&amp;Aus PACS öffnen…</translation>
    </message>
    <message>
        <source>Sen&amp;d Labels to PACS…</source>
        <translation>Labels an PACS sen&amp;den…</translation>
    </message>
    <message>
        <source>PACS &amp;Nodes…</source>
        <translation>PACS-&amp;Knoten…</translation>
    </message>
    <message>
        <source>All labels as one DICOM Segmentation referencing the shown DICOM series</source>
        <translation>Alle Labels als eine DICOM-Segmentierung, die auf die angezeigte DICOM-Serie verweist</translation>
    </message>
    <message>
        <source>The labels as a DICOM Segmentation, stored on a PACS node (C-STORE)</source>
        <translation>Die Labels als DICOM-Segmentierung, auf einem PACS-Knoten gespeichert (C-STORE)</translation>
    </message>
    <message>
        <source>A DICOM SEG needs a study opened from DICOM images.</source>
        <translation>Ein DICOM-SEG braucht eine aus DICOM-Bildern geöffnete Studie.</translation>
    </message>
    <message>
        <source>Open the DICOM series the segmentation was made for first.</source>
        <translation>Öffnen Sie zuerst die DICOM-Serie, für die die Segmentierung erstellt wurde.</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>%1 importiert</translation>
    </message>
    <message>
        <source>Imported %1 (%2)</source>
        <translation>%1 importiert (%2)</translation>
    </message>
    <message>
        <source>Export Labels as DICOM SEG</source>
        <translation>Labels als DICOM-SEG exportieren</translation>
    </message>
    <message>
        <source>There are no labelled voxels to export.</source>
        <translation>Es gibt keine beschrifteten Voxel zum Exportieren.</translation>
    </message>
    <message>
        <source>DICOM files (*.dcm);;All files (*)</source>
        <translation>DICOM-Dateien (*.dcm);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Import DICOM SEG</source>
        <translation>DICOM-SEG importieren</translation>
    </message>
    <message>
        <source>The segmentation replaces the labels shown, which have unsaved edits. Go on?</source>
        <translation>Die Segmentierung ersetzt die angezeigten Labels, die ungespeicherte Änderungen haben. Fortfahren?</translation>
    </message>
    <message>
        <source>Send Labels to PACS</source>
        <translation>Labels an PACS senden</translation>
    </message>
    <message>
        <source>No PACS node is configured: File &gt; PACS Nodes…</source>
        <translation>Kein PACS-Knoten eingerichtet: Datei &gt; PACS-Knoten…</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Wird an %1 gesendet…</translation>
    </message>
    <message>
        <source>The labels are stored on %1.</source>
        <translation>Die Labels sind auf %1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>delineate::app::ProjectController</name>
    <message>
        <source>Added %1 to the project</source>
        <translation>%1 zum Projekt hinzugefügt</translation>
    </message>
    <message>
        <source>frame %1 of %2</source>
        <translation>Bild %1 von %2</translation>
    </message>
    <message>
        <source>Label “%1” already has an adapter: the adapter of “%2” stays with the name “%2”</source>
        <translation>Das Label „%1“ hat schon einen Adapter: Der Adapter von „%2“ bleibt beim Namen „%2“</translation>
    </message>
</context>
<context>
    <name>delineate::app::PromptWaitIndicator</name>
    <message>
        <source>Loading model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <source>Loading model %1…</source>
        <translation>Modell %1 wird geladen…</translation>
    </message>
    <message>
        <source>Embedding slice %1…</source>
        <translation>Schicht %1 wird eingebettet…</translation>
    </message>
    <message>
        <source>Decoding slice %1…</source>
        <translation>Schicht %1 wird dekodiert…</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>Warten auf das Modell…</translation>
    </message>
    <message numerus="yes">
        <source>SAM: %1 (your prompt has waited %n s)</source>
        <translation>
            <numerusform>SAM: %1 (Ihre Eingabe wartet seit %n s)</numerusform>
            <numerusform>SAM: %1 (Ihre Eingabe wartet seit %n s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>delineate::app::PropagationController</name>
    <message>
        <source>&amp;Propagate Through Slices</source>
        <translation>Durch die Schichten &amp;propagieren</translation>
    </message>
    <message>
        <source>Propagate the active label from this slice to its neighbours in both directions (within the range marked with [ and ])</source>
        <translation>Das aktive Label von dieser Schicht aus in beide Richtungen auf die Nachbarschichten propagieren (innerhalb des mit [ und ] markierten Bereichs)</translation>
    </message>
    <message>
        <source>Accept Proposal on This Slice</source>
        <translation>Vorschlag auf dieser Schicht übernehmen</translation>
    </message>
    <message>
        <source>Drop Proposal on This Slice</source>
        <translation>Vorschlag auf dieser Schicht verwerfen</translation>
    </message>
    <message>
        <source>Cancel Propagation</source>
        <translation>Propagation abbrechen</translation>
    </message>
    <message>
        <source>Re-propagate with the New Adapter</source>
        <translation>Mit dem neuen Adapter erneut propagieren</translation>
    </message>
    <message>
        <source>Run the last propagation again with the model now loaded</source>
        <translation>Die letzte Propagation mit dem jetzt geladenen Modell erneut ausführen</translation>
    </message>
    <message>
        <source>Propagate: label this slice first (accept a SAM proposal or paint it)</source>
        <translation>Propagieren: zuerst diese Schicht labeln (einen SAM-Vorschlag übernehmen oder malen)</translation>
    </message>
    <message>
        <source>Propagating from slice %1… (Esc cancels)</source>
        <translation>Propagation ab Schicht %1… (Esc bricht ab)</translation>
    </message>
    <message>
        <source>Re-propagate: the slices it started from no longer hold the label</source>
        <translation>Erneut propagieren: die Ausgangsschichten enthalten das Label nicht mehr</translation>
    </message>
</context>
<context>
    <name>delineate::app::RetrainController</name>
    <message>
        <source>Export Learning Curve</source>
        <translation>Lernkurve exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Learning curve saved to %1.</source>
        <translation>Lernkurve gespeichert unter %1.</translation>
    </message>
    <message>
        <source>Retraining cancelled: the study was closed.</source>
        <translation>Nachtrainieren abgebrochen: die Studie wurde geschlossen.</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Nachtrainieren</translation>
    </message>
    <message>
        <source>Cancelled; the active model is unchanged.</source>
        <translation>Abgebrochen; das aktive Modell ist unverändert.</translation>
    </message>
    <message>
        <source>Open a study to retrain on its reviewed slices.</source>
        <translation>Öffnen Sie eine Studie, um auf ihren geprüften Schichten nachzutrainieren.</translation>
    </message>
    <message>
        <source>Save the project first (File → Save Project): adapter versions are stored in the project folder.</source>
        <translation>Speichern Sie zuerst das Projekt (Datei → Projekt speichern): Adapterversionen werden im Projektordner abgelegt.</translation>
    </message>
    <message>
        <source>Load a SAM checkpoint first (Model → Choose Checkpoint…).</source>
        <translation>Laden Sie zuerst einen SAM-Checkpoint (Modell → Checkpoint wählen…).</translation>
    </message>
    <message>
        <source>Retrain needs the active label on at least %1 reviewed slices (now %2). Correct a slice, then mark it reviewed (M).</source>
        <translation>Nachtrainieren braucht das aktive Label auf mindestens %1 geprüften Schichten (jetzt %2). Korrigieren Sie eine Schicht und markieren Sie sie dann als geprüft (M).</translation>
    </message>
    <message>
        <source>Retraining “%1” in the background…</source>
        <translation>„%1“ wird im Hintergrund nachtrainiert…</translation>
    </message>
    <message>
        <source>held-out, %1 slices</source>
        <translation>zurückgehalten, %1 Schichten</translation>
    </message>
    <message>
        <source>training slices, no held-out set</source>
        <translation>Trainingsschichten, keine zurückgehaltenen</translation>
    </message>
    <message>
        <source>Dice %1 → %2 (%3; trainer&apos;s low-res mean)</source>
        <translation>Dice %1 → %2 (%3; Mittel des Trainings, niedrige Auflösung)</translation>
    </message>
    <message>
        <source>The project changed during retraining; the adapter is in %1</source>
        <translation>Das Projekt hat sich während des Nachtrainierens geändert; der Adapter liegt in %1</translation>
    </message>
    <message>
        <source>Trained on %1; held out: %2</source>
        <translation>Trainiert auf %1; zurückgehalten: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Held-out Dice, full resolution, pooled: base → adapter prompt-free %1 → %2, box %3 → %4, point %5 → %6</source>
        <translation>Dice zurückgehaltener Schichten, volle Auflösung, gepoolt: Basis → Adapter ohne Prompt %1 → %2, Box %3 → %4, Punkt %5 → %6</translation>
    </message>
    <message>
        <source>Skipped %1</source>
        <translation>Übersprungen: %1</translation>
    </message>
    <message>
        <source>Adapter %1 is active for label “%2”</source>
        <translation>Adapter %1 ist für das Label „%2“ aktiv</translation>
    </message>
</context>
<context>
    <name>delineate::app::EverythingController</name>
    <message>
        <source>Segment &amp;Everything on This Slice</source>
        <translation>&amp;Alles auf dieser Schicht segmentieren</translation>
    </message>
    <message>
        <source>SAM's automatic mask generator on the shown slice: click a candidate to add it to the active label</source>
        <translation>SAMs automatischer Maskengenerator auf der gezeigten Schicht: Klicken Sie einen Kandidaten an, um ihn dem aktiven Label hinzuzufügen</translation>
    </message>
    <message>
        <source>Clear Everything Candidates</source>
        <translation>Kandidaten von „Alles segmentieren“ entfernen</translation>
    </message>
    <message>
        <source>No SAM model is loaded: choose one in Model → Choose Checkpoint…</source>
        <translation>Kein SAM-Modell geladen: Wählen Sie eines unter Modell → Checkpoint wählen…</translation>
    </message>
    <message>
        <source>Segment everything waits until the running SAM batch ends</source>
        <translation>„Alles segmentieren“ wartet, bis die laufende SAM-Stapelverarbeitung endet</translation>
    </message>
    <message>
        <source>Segmenting everything on slice %1…</source>
        <translation>Alles auf Schicht %1 wird segmentiert…</translation>
    </message>
    <message>
        <source>Segment everything found no mask on this slice</source>
        <translation>„Alles segmentieren“ hat auf dieser Schicht keine Maske gefunden</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s): click one to add it to the active label, Esc clears them</source>
        <translation>
            <numerusform>%n Kandidat: anklicken, um ihn dem aktiven Label hinzuzufügen; Esc entfernt ihn</numerusform>
            <numerusform>%n Kandidaten: einen anklicken, um ihn dem aktiven Label hinzuzufügen; Esc entfernt sie</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>delineate::app::ReviewController</name>
    <message>
        <source>Predicted IoU with the model now loaded %1</source>
        <translation>Vorhergesagte IoU mit dem jetzt geladenen Modell %1</translation>
    </message>
    <message>
        <source>Confidence from an earlier model: being recomputed</source>
        <translation>Konfidenz eines früheren Modells: wird neu berechnet</translation>
    </message>
    <message>
        <source>&amp;Next Slice to Review</source>
        <translation>&amp;Nächste zu prüfende Schicht</translation>
    </message>
    <message>
        <source>Show the least-confident unreviewed slice of the active label, then the next one</source>
        <translation>Die ungeprüfte Schicht des aktiven Labels mit der geringsten Konfidenz zeigen, dann die nächste</translation>
    </message>
    <message>
        <source>Pre&amp;vious Slice to Review</source>
        <translation>&amp;Vorherige zu prüfende Schicht</translation>
    </message>
    <message>
        <source>No unreviewed slice of the active label on this plane</source>
        <translation>Keine ungeprüfte Schicht des aktiven Labels in dieser Ebene</translation>
    </message>
    <message>
        <source>That was the last slice to review</source>
        <translation>Das war die letzte zu prüfende Schicht</translation>
    </message>
    <message>
        <source>That was the first slice to review</source>
        <translation>Das war die erste zu prüfende Schicht</translation>
    </message>
    <message>
        <source>Slice %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>Proposed, not accepted yet: predicted IoU %1</source>
        <translation>Vorgeschlagen, noch nicht übernommen: vorhergesagte IoU %1</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Herkunft: %1</translation>
    </message>
    <message>
        <source>Model: %1, adapter: %2</source>
        <translation>Modell: %1, Adapter: %2</translation>
    </message>
    <message>
        <source>none (base model)</source>
        <translation>keiner (Basismodell)</translation>
    </message>
    <message>
        <source>Predicted IoU %1</source>
        <translation>Vorhergesagte IoU %1</translation>
    </message>
    <message>
        <source>Stability %1</source>
        <translation>Stabilität %1</translation>
    </message>
    <message>
        <source>Recorded %1</source>
        <translation>Aufgezeichnet %1</translation>
    </message>
    <message>
        <source>No recorded source</source>
        <translation>Keine aufgezeichnete Herkunft</translation>
    </message>
    <message>
        <source>Reviewed %1</source>
        <translation>Geprüft %1</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n slice(s)</source>
        <translation>
            <numerusform>%1: %n Schicht</numerusform>
            <numerusform>%1: %n Schichten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (axis %2): %3</source>
        <translation>%1 (Achse %2): %3</translation>
    </message>
    <message>
        <source>Reviewed slices: %1</source>
        <translation>Geprüfte Schichten: %1</translation>
    </message>
</context>
<context>
    <name>delineate::app::SegExportDialog</name>
    <message>
        <source>Manual</source>
        <translation>Manuell</translation>
    </message>
    <message>
        <source>Semi-automatic</source>
        <translation>Halbautomatisch</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Delineate labels</source>
        <translation>Delineate-Labels</translation>
    </message>
    <message>
        <source>DICOM SEG Export</source>
        <translation>DICOM-SEG-Export</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Voxels from</source>
        <translation>Voxel aus</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>Algorithmus</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>Label %1</translation>
    </message>
    <message>
        <source>Series description:</source>
        <translation>Serienbeschreibung:</translation>
    </message>
    <message>
        <source>One segment per label with voxels; each frame references its source image.</source>
        <translation>Ein Segment je Label mit Voxeln; jedes Bild verweist auf sein Quellbild.</translation>
    </message>
    <message>
        <source>Name the algorithm of every label whose voxels came from a model.</source>
        <translation>Nennen Sie den Algorithmus jedes Labels, dessen Voxel aus einem Modell stammen.</translation>
    </message>
</context>
<context>
    <name>delineate::app::SeriesPickerDialog</name>
    <message>
        <source>Choose a Series — %1</source>
        <translation>Serie wählen — %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 holds %n image series. Choose the one to open:</source>
        <translation>
            <numerusform>%1 enthält %n Bildserie. Wählen Sie die zu öffnende:</numerusform>
            <numerusform>%1 enthält %n Bildserien. Wählen Sie die zu öffnende:</numerusform>
        </translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message numerus="yes">
        <source>%1 frames in %n file(s)</source>
        <translation>
            <numerusform>%1 Bilder in %n Datei</numerusform>
            <numerusform>%1 Bilder in %n Dateien</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>delineate::app::ShortcutsDialog</name>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>Maus</translation>
    </message>
    <message>
        <source>Use the active tool (Navigate: pan)</source>
        <translation>Aktives Werkzeug benutzen (Navigieren: verschieben)</translation>
    </message>
    <message>
        <source>Left drag</source>
        <translation>Linke Maustaste ziehen</translation>
    </message>
    <message>
        <source>Window/level: right = wider window, down = higher level</source>
        <translation>Fenster/Level: nach rechts = breiteres Fenster, nach unten = höheres Level</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Rechte Maustaste ziehen</translation>
    </message>
    <message>
        <source>Negative SAM point, polygon erase</source>
        <translation>Negativer SAM-Punkt, Polygon radieren</translation>
    </message>
    <message>
        <source>Right click, Alt+click</source>
        <translation>Rechtsklick, Alt+Klick</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Middle drag, Space+left drag</source>
        <translation>Mittlere Maustaste ziehen, Leertaste+linke Maustaste ziehen</translation>
    </message>
    <message>
        <source>Previous/next slice</source>
        <translation>Vorherige/nächste Schicht</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>Mausrad</translation>
    </message>
    <message>
        <source>Zoom at the cursor</source>
        <translation>Am Mauszeiger zoomen</translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation>Strg+Mausrad</translation>
    </message>
    <message>
        <source>Fit the slice to the view</source>
        <translation>Schicht in die Ansicht einpassen</translation>
    </message>
    <message>
        <source>Double click</source>
        <translation>Doppelklick</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts and Mouse</source>
        <translation>Tastenkürzel und Maus</translation>
    </message>
</context>
<context>
    <name>delineate::app::StudyInfoDialog</name>
    <message>
        <source>Study Information</source>
        <translation>Studieninformationen</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>%1 (UID %2)</source>
        <translation>%1 (UID %2)</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Studiendatum</translation>
    </message>
    <message>
        <source>Stack</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 × %2 pixels, %3 %4</source>
        <translation>%1 × %2 Pixel, %3 %4</translation>
    </message>
    <message>
        <source>frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>slices</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Spacing</source>
        <translation>Abstände</translation>
    </message>
    <message>
        <source>no physical spacing (measurements in pixels)</source>
        <translation>kein physischer Pixelabstand (Messungen in Pixeln)</translation>
    </message>
    <message>
        <source>Origin (LPS)</source>
        <translation>Ursprung (LPS)</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
    <message>
        <source>Axes i, j, k (LPS)</source>
        <translation>Achsen i, j, k (LPS)</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>%1, %2 component(s), %3 … %4</source>
        <translation>%1, %2 Komponente(n), %3 … %4</translation>
    </message>
    <message>
        <source>Frame time</source>
        <translation>Bildzeit</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>The loader made no notes.</source>
        <translation>Beim Laden wurde nichts vermerkt.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Provenance of the labels</source>
        <translation>Herkunft der Labels</translation>
    </message>
    <message>
        <source>Warnings: data that could not be read</source>
        <translation>Warnungen: Daten, die nicht gelesen werden konnten</translation>
    </message>
</context>
<context>
    <name>delineate::app::StudyOpener</name>
    <message>
        <source>Still opening the previous study…</source>
        <translation>Die vorherige Studie wird noch geöffnet…</translation>
    </message>
    <message>
        <source>Opening %1 cancelled</source>
        <translation>Öffnen von %1 abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>%1 holds %n series: choose one</source>
        <translation>
            <numerusform>%1 enthält %n Serie: bitte wählen</numerusform>
            <numerusform>%1 enthält %n Serien: bitte eine wählen</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose Frame</source>
        <translation>Bild wählen</translation>
    </message>
    <message>
        <source>%1 is a 4D image with %2 frames. Frame to open:</source>
        <translation>%1 ist ein 4D-Bild mit %2 Bildern. Zu öffnendes Bild:</translation>
    </message>
    <message>
        <source>Opened %1: %2</source>
        <translation>%1 geöffnet: %2</translation>
    </message>
    <message numerus="yes">
        <source> (%n note(s): File &gt; Study Information)</source>
        <translation>
            <numerusform> (%n Hinweis: Datei &gt; Studieninformationen)</numerusform>
            <numerusform> (%n Hinweise: Datei &gt; Studieninformationen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Recovered unsaved edits from the autosave</source>
        <translation>Ungespeicherte Änderungen aus der automatischen Sicherung wiederhergestellt</translation>
    </message>
    <message>
        <source>Saved project %1</source>
        <translation>Projekt %1 gespeichert</translation>
    </message>
    <message>
        <source>The labels of %1 are kept in memory and the study stays open.</source>
        <translation>Die Labels von %1 bleiben im Speicher erhalten und die Studie bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Unsaved Labels</source>
        <translation>Ungespeicherte Labels</translation>
    </message>
    <message>
        <source>The labels of %1 have changes that are not saved.</source>
        <translation>Die Labels von %1 haben ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Save them as a project to keep them.</source>
        <translation>Speichern Sie sie als Projekt, um sie zu behalten.</translation>
    </message>
    <message>
        <source>Save as Project…</source>
        <translation>Als Projekt speichern…</translation>
    </message>
    <message>
        <source>Save Project in Folder</source>
        <translation>Projekt in Ordner speichern</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>%1 project</source>
        <translation>%1-Projekt</translation>
    </message>
</context>
<context>
    <name>delineate::ui</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: not a safetensors file (too short)</source>
        <translation>%1: keine safetensors-Datei (zu kurz)</translation>
    </message>
    <message>
        <source>%1: not a safetensors file (bad header length)</source>
        <translation>%1: keine safetensors-Datei (falsche Kopflänge)</translation>
    </message>
    <message>
        <source>%1: bad safetensors header: %2</source>
        <translation>%1: fehlerhafter safetensors-Kopf: %2</translation>
    </message>
    <message>
        <source>Dice %1 → %2 (%3)</source>
        <translation>Dice %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>held-out</source>
        <translation>zurückgehalten</translation>
    </message>
    <message>
        <source>training slices</source>
        <translation>Trainingsschichten</translation>
    </message>
    <message>
        <source>%1 it.</source>
        <translation>%1 It.</translation>
    </message>
    <message>
        <source>%1 slices</source>
        <translation>%1 Schichten</translation>
    </message>
</context>
<context>
    <name>delineate::ui::EmptyStudyPage</name>
    <message>
        <source>No study open</source>
        <translation>Keine Studie geöffnet</translation>
    </message>
    <message>
        <source>Open an image file (NIfTI, MetaImage, NRRD, DICOM, PNG, JPEG, TIFF) or a DICOM folder to start annotating.
You can also drop a file or folder onto this window.</source>
        <translation>Öffnen Sie eine Bilddatei (NIfTI, MetaImage, NRRD, DICOM, PNG, JPEG, TIFF) oder einen DICOM-Ordner, um mit dem Annotieren zu beginnen.
Sie können auch eine Datei oder einen Ordner auf dieses Fenster ziehen.</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>Datei öffnen…</translation>
    </message>
    <message>
        <source>Open DICOM Folder…</source>
        <translation>DICOM-Ordner öffnen…</translation>
    </message>
</context>
<context>
    <name>delineate::ui::LabelSession</name>
    <message>
        <source>%1 voxels kept for %2</source>
        <translation>%1 Voxel von %2 behalten</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>delineate::ui::LabelsPanel</name>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Visible</source>
        <translation>Sichtbar</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>Farbe…</translation>
    </message>
    <message>
        <source>Label Colour</source>
        <translation>Labelfarbe</translation>
    </message>
    <message>
        <source>Label descriptions (*.txt *.label);;All files (*)</source>
        <translation>Labelbeschreibungen (*.txt *.label);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export ITK-SNAP Label Descriptions</source>
        <translation>ITK-SNAP-Labelbeschreibungen exportieren</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Import Names and Colours…</source>
        <translation>Namen und Farben importieren…</translation>
    </message>
    <message>
        <source>MRIcron .txt/.lut, FreeSurfer LUT, 3D Slicer .ctbl, ITK-SNAP label descriptions or labels.json</source>
        <translation>MRIcron .txt/.lut, FreeSurfer-LUT, 3D Slicer .ctbl, ITK-SNAP-Labelbeschreibungen oder labels.json</translation>
    </message>
    <message>
        <source>Export ITK-SNAP Label Descriptions…</source>
        <translation>ITK-SNAP-Labelbeschreibungen exportieren…</translation>
    </message>
    <message>
        <source>Import Label Names and Colours</source>
        <translation>Labelnamen und -farben importieren</translation>
    </message>
    <message>
        <source>Colour tables (*.txt *.lut *.ctbl *.label *.json);;All files (*)</source>
        <translation>Farbtabellen (*.txt *.lut *.ctbl *.label *.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>delineate::ui::LearningCurveView</name>
    <message>
        <source>Held-out Dice against the number of reviewed slices, per retrain (v1, v2, …).
Solid: the retrained model; dashed: the base model.</source>
        <translation>Dice auf zurückgehaltenen Schichten über der Zahl geprüfter Schichten, je Nachtrainieren (v1, v2, …).
Durchgezogen: das nachtrainierte Modell; gestrichelt: das Basismodell.</translation>
    </message>
    <message>
        <source>reviewed slices</source>
        <translation>geprüfte Schichten</translation>
    </message>
    <message>
        <source>No retrain yet: the learning curve appears here.</source>
        <translation>Noch kein Nachtrainieren: Hier erscheint die Lernkurve.</translation>
    </message>
    <message>
        <source>prompt-free</source>
        <translation>ohne Prompt</translation>
    </message>
    <message>
        <source>box</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>point</source>
        <translation>Punkt</translation>
    </message>
</context>
<context>
    <name>delineate::ui::RetrainPanel</name>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Learning curve (held-out Dice)</source>
        <translation>Lernkurve (Dice auf zurückgehaltenen Schichten)</translation>
    </message>
    <message>
        <source>Save every retrain of the project (reviewed slices, studies, held-out Dice) as a CSV file</source>
        <translation>Jedes Nachtrainieren des Projekts (geprüfte Schichten, Studien, Dice auf zurückgehaltenen Schichten) als CSV-Datei speichern</translation>
    </message>
    <message>
        <source>&amp;Retrain</source>
        <translation>&amp;Nachtrainieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <source>Use Base Model</source>
        <translation>Basismodell verwenden</translation>
    </message>
    <message>
        <source>Quick (CPU)</source>
        <translation>Schnell (CPU)</translation>
    </message>
    <message>
        <source>Best (GPU)</source>
        <translation>Beste (GPU)</translation>
    </message>
    <message>
        <source>Quick: decoder adapters, about a minute of training on a CPU.
Best: encoder + decoder adapters, a longer schedule meant for a GPU.</source>
        <translation>Schnell: Decoder-Adapter, etwa eine Minute Training auf einer CPU.
Beste: Encoder- und Decoder-Adapter, ein längerer Plan für eine GPU.</translation>
    </message>
    <message>
        <source>Retrain on reviewed slices</source>
        <translation>Auf geprüften Schichten nachtrainieren</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Label:</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Voreinstellung:</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Slices</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Adapter versions</source>
        <translation>Adapterversionen</translation>
    </message>
    <message>
        <source>1 reviewed slice</source>
        <translation>1 geprüfte Schicht</translation>
    </message>
    <message>
        <source>%1 reviewed slices</source>
        <translation>%1 geprüfte Schichten</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Train an adapter on the reviewed slices of the active label, in the background; annotation goes on meanwhile</source>
        <translation>Einen Adapter im Hintergrund auf den geprüften Schichten des aktiven Labels trainieren; das Annotieren geht währenddessen weiter</translation>
    </message>
    <message>
        <source>Preparing: loading the model, measuring Dice before training…</source>
        <translation>Vorbereitung: Modell wird geladen, Dice vor dem Training wird gemessen…</translation>
    </message>
    <message>
        <source>iteration %1/%2, loss %3</source>
        <translation>Iteration %1/%2, Verlust %3</translation>
    </message>
    <message>
        <source>, held-out Dice %1</source>
        <translation>, Dice zurückgehalten %1</translation>
    </message>
    <message>
        <source>, %1 it/s</source>
        <translation>, %1 It./s</translation>
    </message>
    <message>
        <source>%1 (active)</source>
        <translation>%1 (aktiv)</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <source>%1 → %2%3</source>
        <translation>%1 → %2%3</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>erstellt %1</translation>
    </message>
    <message>
        <source>This study only</source>
        <translation>Nur diese Studie</translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation>Ganzes Projekt</translation>
    </message>
    <message>
        <source>This study only: the reviewed slices of the shown study.
Whole project: the reviewed slices of every study of the project; whole studies are held out, so the held-out Dice predicts the next study.</source>
        <translation>Nur diese Studie: die geprüften Schichten der angezeigten Studie.
Ganzes Projekt: die geprüften Schichten aller Studien des Projekts; ganze Studien werden zurückgehalten, sodass der Dice auf ihnen die nächste Studie vorhersagt.</translation>
    </message>
    <message>
        <source>Slices from:</source>
        <translation>Schichten aus:</translation>
    </message>
    <message>
        <source>Prompt-free</source>
        <translation>Ohne Prompt</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>Held-out Dice, base model → this version: prompt-free %1, box %2, point %3</source>
        <translation>Dice auf zurückgehaltenen Schichten, Basismodell → diese Version: ohne Prompt %1, Box %2, Punkt %3</translation>
    </message>
    <message>
        <source>Held-out Dice, base model → this version
(* on the training slices: too few reviewed slices to hold any out)</source>
        <translation>Dice auf zurückgehaltenen Schichten, Basismodell → diese Version
(* auf den Trainingsschichten: zu wenige geprüfte Schichten zum Zurückhalten)</translation>
    </message>
    <message>
        <source>%1 in %2 studies</source>
        <translation>%1 in %2 Studien</translation>
    </message>
</context>
<context>
    <name>delineate::ui::SamAssistant</name>
    <message>
        <source>No SAM model is loaded: choose one in Model → Choose Checkpoint…</source>
        <translation>Kein SAM-Modell geladen: wählen Sie eines unter Modell → Checkpoint wählen…</translation>
    </message>
    <message>
        <source>last embedding %1 ms</source>
        <translation>letztes Embedding %1 ms</translation>
    </message>
    <message>
        <source>, decode %1 ms</source>
        <translation>, Dekodierung %1 ms</translation>
    </message>
    <message numerus="yes">
        <source>Suggestions cancelled: %n slice(s) kept</source>
        <translation>
            <numerusform>Vorschläge abgebrochen: %n Schicht behalten</numerusform>
            <numerusform>Vorschläge abgebrochen: %n Schichten behalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Suggestions ready for %n slice(s): Enter accepts, Esc rejects</source>
        <translation>
            <numerusform>Vorschläge für %n Schicht bereit: Eingabe nimmt an, Esc verwirft</numerusform>
            <numerusform>Vorschläge für %n Schichten bereit: Eingabe nimmt an, Esc verwirft</numerusform>
        </translation>
    </message>
    <message>
        <source>Propagation cancelled: nothing was applied</source>
        <translation>Propagation abgebrochen: nichts wurde übernommen</translation>
    </message>
    <message>
        <source>Propagation found nothing to propose</source>
        <translation>Die Propagation hat nichts zum Vorschlagen gefunden</translation>
    </message>
    <message numerus="yes">
        <source>Propagation proposes %n slice(s): Enter accepts all, Shift+Enter this slice, Shift+Del drops this slice, Esc rejects all</source>
        <translation>
            <numerusform>Die Propagation schlägt %n Schicht vor: Enter übernimmt alle, Umschalt+Enter diese Schicht, Umschalt+Entf verwirft diese Schicht, Esc verwirft alle</numerusform>
            <numerusform>Die Propagation schlägt %n Schichten vor: Enter übernimmt alle, Umschalt+Enter diese Schicht, Umschalt+Entf verwirft diese Schicht, Esc verwirft alle</numerusform>
        </translation>
    </message>
    <message>
        <source>Wait for the running suggestions or cancel them first</source>
        <translation>Warten Sie auf die laufenden Vorschläge oder brechen Sie sie zuerst ab</translation>
    </message>
    <message>
        <source>Propagation cannot start.</source>
        <translation>Die Propagation kann nicht starten.</translation>
    </message>
</context>
<context>
    <name>delineate::ui::ToolController</name>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navigieren</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>&amp;Pinsel</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>&amp;Radierer</translation>
    </message>
    <message>
        <source>&amp;Polygon Fill</source>
        <translation>Polygon &amp;füllen</translation>
    </message>
    <message>
        <source>Polygon E&amp;rase</source>
        <translation>Polygon &amp;löschen</translation>
    </message>
    <message>
        <source>SAM &amp;Point</source>
        <translation>SAM-P&amp;unkt</translation>
    </message>
    <message>
        <source>SAM Bo&amp;x</source>
        <translation>SAM-&amp;Box</translation>
    </message>
    <message>
        <source>3D Brush</source>
        <translation>3D-Pinsel</translation>
    </message>
    <message>
        <source>Paint a sphere across neighbouring slices instead of a disc</source>
        <translation>Eine Kugel über benachbarte Schichten statt einer Scheibe malen</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source> Radius </source>
        <translation> Radius </translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Overwrite Other Labels</source>
        <translation>Andere Labels überschreiben</translation>
    </message>
    <message>
        <source>Brush, polygon, SAM accept and propagation paint over other labels (locked labels stay protected)</source>
        <translation>Pinsel, Polygon, SAM-Übernahme und Propagation malen über andere Labels (gesperrte Labels bleiben geschützt)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush radius in millimetres</source>
        <translation>Pinselradius in Millimetern</translation>
    </message>
    <message>
        <source>Brush radius in pixels (the image has no physical pixel size)</source>
        <translation>Pinselradius in Pixeln (das Bild hat keine physische Pixelgröße)</translation>
    </message>
</context>
<context>
    <name>delineate::ui::ViewerWidget</name>
    <message>
        <source>Slice</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>&amp;Axial</source>
        <translation>&amp;Axial</translation>
    </message>
    <message>
        <source>&amp;Coronal</source>
        <translation>&amp;Coronal</translation>
    </message>
    <message>
        <source>&amp;Sagittal</source>
        <translation>&amp;Sagittal</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>Show &amp;Labels</source>
        <translation>&amp;Labels anzeigen</translation>
    </message>
    <message>
        <source>Label &amp;Outlines</source>
        <translation>Label&amp;umrisse</translation>
    </message>
    <message>
        <source>S&amp;mooth Display</source>
        <translation>&amp;Glatte Darstellung</translation>
    </message>
    <message>
        <source>Interpolate between voxels on screen (the data are not changed)</source>
        <translation>Auf dem Bildschirm zwischen Voxeln interpolieren (die Daten bleiben unverändert)</translation>
    </message>
    <message>
        <source>&amp;Play Cine</source>
        <translation>Cine a&amp;bspielen</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>Window </source>
        <translation>Fenster </translation>
    </message>
    <message>
        <source> Opacity </source>
        <translation> Deckkraft </translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>&amp;Three Views</source>
        <translation>&amp;Drei Ansichten</translation>
    </message>
    <message>
        <source>Show the two other planes beside the main view, through one cursor point</source>
        <translation>Zeigt die beiden anderen Ebenen neben der Hauptansicht, durch einen gemeinsamen Punkt</translation>
    </message>
</context>
<context>
    <name>delineate::app::StudyConfidenceController</name>
    <message>
        <source>Studies</source>
        <translation>Studien</translation>
    </message>
    <message>
        <source>Load a SAM model to see how confident it is on each study.</source>
        <translation>Laden Sie ein SAM-Modell, um seine Konfidenz für jede Studie zu sehen.</translation>
    </message>
    <message>
        <source>Confidence of %1.</source>
        <translation>Konfidenz von %1.</translation>
    </message>
    <message>
        <source> + adapter</source>
        <translation> + Adapter</translation>
    </message>
    <message>
        <source>Measuring confidence: %1 of %2 studies…</source>
        <translation>Konfidenz wird gemessen: %1 von %2 Studien…</translation>
    </message>
    <message>
        <source>Cancelled: confidence measured on %1 of %2 studies.</source>
        <translation>Abgebrochen: Konfidenz auf %1 von %2 Studien gemessen.</translation>
    </message>
    <message>
        <source>Confidence measured on %1 studies; sort by it to open the least confident next.</source>
        <translation>Konfidenz auf %1 Studien gemessen; danach sortieren, um als Nächstes die unsicherste Studie zu öffnen.</translation>
    </message>
</context>
<context>
    <name>delineate::ui::StudyListPanel</name>
    <message>
        <source>Sort by Confidence</source>
        <translation>Nach Konfidenz sortieren</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>Studie</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Mean prompt-free confidence of the loaded model on slices spread through the study: SAM&apos;s predicted IoU, shown clamped to [0, 1] (the raw mean is in each row&apos;s tooltip). Open the least confident study next.</source>
        <translation>Mittlere Konfidenz des geladenen Modells ohne Prompt auf Schichten, die über die Studie verteilt sind: die von SAM vorhergesagte IoU, auf [0, 1] begrenzt angezeigt (der Rohwert steht im Tooltip jeder Zeile). Öffnen Sie als Nächstes die Studie mit der geringsten Konfidenz.</translation>
    </message>
    <message>
        <source>Mean predicted IoU: %1 (shown clamped to [0, 1])</source>
        <translation>Mittlere vorhergesagte IoU: %1 (auf [0, 1] begrenzt angezeigt)</translation>
    </message>
</context>
<context>
    <name>delineate::ui::GetModelsDialog</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel Download</source>
        <translation>Herunterladen &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Laden</translation>
    </message>
    <message>
        <source>Official &amp;Page</source>
        <translation>Offizielle &amp;Seite</translation>
    </message>
    <message>
        <source>Get Models</source>
        <translation>Modelle holen</translation>
    </message>
    <message>
        <source>Official SAM checkpoints. Nothing is downloaded until you press Download; files go to %1 and are used only after their SHA-256 matches the catalogue.</source>
        <translation>Offizielle SAM-Checkpoints. Nichts wird heruntergeladen, bevor Sie „Herunterladen“ drücken; die Dateien kommen nach %1 und werden erst benutzt, wenn ihr SHA-256 mit dem Katalog übereinstimmt.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Choose &amp;Local File…</source>
        <translation>&amp;Lokale Datei wählen…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Choose SAM Checkpoint</source>
        <translation>SAM-Checkpoint wählen</translation>
    </message>
    <message>
        <source>SAM checkpoints (*.pth *.pt);;All files (*)</source>
        <translation>SAM-Checkpoints (*.pth *.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Checking SHA-256…</source>
        <translation>SHA-256 wird geprüft…</translation>
    </message>
    <message>
        <source>%1 downloaded and verified (SHA-256 matches the catalogue).</source>
        <translation>%1 heruntergeladen und geprüft (SHA-256 stimmt mit dem Katalog überein).</translation>
    </message>
    <message>
        <source>Download cancelled; the part received is kept and Resume continues it.</source>
        <translation>Herunterladen abgebrochen; der empfangene Teil bleibt erhalten und „Fortsetzen“ lädt den Rest.</translation>
    </message>
    <message>
        <source>&amp;Get Models…</source>
        <translation>Modelle &amp;holen…</translation>
    </message>
    <message>
        <source>Download an official SAM checkpoint, verified by its SHA-256</source>
        <translation>Einen offiziellen SAM-Checkpoint herunterladen, geprüft über seinen SHA-256</translation>
    </message>
    <message>
        <source>%1 — non-commercial use only</source>
        <translation>%1 — nur nicht-kommerzielle Nutzung</translation>
    </message>
    <message>
        <source>This licence forbids commercial use of the model.</source>
        <translation>Diese Lizenz verbietet die kommerzielle Nutzung des Modells.</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Wird heruntergeladen…</translation>
    </message>
    <message>
        <source>Downloaded, verified</source>
        <translation>Heruntergeladen, geprüft</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Heruntergeladen</translation>
    </message>
    <message>
        <source>Partly downloaded (%1 %)</source>
        <translation>Teilweise heruntergeladen (%1 %)</translation>
    </message>
    <message>
        <source>Download by hand from its page</source>
        <translation>Von Hand von seiner Seite herunterladen</translation>
    </message>
    <message>
        <source>Trained by you: choose a local file</source>
        <translation>Von Ihnen trainiert: lokale Datei wählen</translation>
    </message>
    <message>
        <source>No published SHA-256: choose a local file</source>
        <translation>Kein veröffentlichter SHA-256: lokale Datei wählen</translation>
    </message>
    <message>
        <source>Not downloaded</source>
        <translation>Nicht heruntergeladen</translation>
    </message>
    <message>
        <source>&amp;Resume Download</source>
        <translation>Herunterladen &amp;fortsetzen</translation>
    </message>
    <message>
        <source>not published</source>
        <translation>nicht veröffentlicht</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2, &lt;code&gt;%3&lt;/code&gt;)&lt;br&gt;%4&lt;br&gt;SHA-256: %5&lt;br&gt;&lt;small&gt;%6&lt;/small&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2, &lt;code&gt;%3&lt;/code&gt;)&lt;br&gt;%4&lt;br&gt;SHA-256: %5&lt;br&gt;&lt;small&gt;%6&lt;/small&gt;</translation>
    </message>
    <message>
        <source>%1: cannot create the models folder</source>
        <translation>%1: der Modellordner lässt sich nicht anlegen</translation>
    </message>
    <message>
        <source>Downloading %1 from %2…</source>
        <translation>%1 wird von %2 heruntergeladen…</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue; loading it as chosen.</source>
        <translation>%1 steht nicht im Katalog; wird wie gewählt geladen.</translation>
    </message>
    <message>
        <source>Checking the SHA-256 of %1 before its first use…</source>
        <translation>SHA-256 von %1 wird vor der ersten Nutzung geprüft…</translation>
    </message>
    <message>
        <source>%1: SHA-256 %2 differs from the catalogue&apos;s %3; not used, moved aside to %4</source>
        <translation>%1: SHA-256 %2 weicht vom Katalogwert %3 ab; nicht benutzt, beiseitegelegt als %4</translation>
    </message>
    <message>
        <source>%1: SHA-256 %2 differs from the catalogue&apos;s %3; not used</source>
        <translation>%1: SHA-256 %2 weicht vom Katalogwert %3 ab; nicht benutzt</translation>
    </message>
    <message>
        <source>%1 verified (SHA-256 matches the catalogue).</source>
        <translation>%1 geprüft (SHA-256 stimmt mit dem Katalog überein).</translation>
    </message>
</context>
<context>
    <name>delineate::ui::ModelCatalogue</name>
    <message>
        <source>en</source>
        <comment>language code of the catalogue&apos;s texts (good_for_&lt;code&gt;)</comment>
        <translation>de</translation>
    </message>
</context>
<context>
    <name>delineate::ui::ModelDownload</name>
    <message>
        <source>%1: cannot write the download: %2</source>
        <translation>%1: der Download lässt sich nicht schreiben: %2</translation>
    </message>
    <message>
        <source>%1: the server resumed at the wrong place; download again</source>
        <translation>%1: der Server hat an der falschen Stelle fortgesetzt; bitte erneut herunterladen</translation>
    </message>
    <message>
        <source>%1: the server answered HTTP %2</source>
        <translation>%1: der Server antwortete mit HTTP %2</translation>
    </message>
    <message>
        <source>%1: the server sent more than the catalogue&apos;s %2 bytes; the download was deleted</source>
        <translation>%1: der Server schickte mehr als die %2 Bytes des Katalogs; der Download wurde gelöscht</translation>
    </message>
    <message>
        <source>%1: the download stopped at %2 of %3 MB (%4); Download resumes it</source>
        <translation>%1: der Download brach bei %2 von %3 MB ab (%4); „Herunterladen fortsetzen“ lädt den Rest</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>Verbindung geschlossen</translation>
    </message>
    <message>
        <source>%1: cannot read the download to verify it: %2</source>
        <translation>%1: der Download lässt sich zum Prüfen nicht lesen: %2</translation>
    </message>
    <message>
        <source>%1: SHA-256 %2 differs from the catalogue&apos;s %3; the download was deleted and is not used</source>
        <translation>%1: SHA-256 %2 weicht vom Katalogwert %3 ab; der Download wurde gelöscht und wird nicht benutzt</translation>
    </message>
    <message>
        <source>%1: cannot move the verified download into place</source>
        <translation>%1: der geprüfte Download lässt sich nicht an seinen Platz verschieben</translation>
    </message>
</context>
</TS>
