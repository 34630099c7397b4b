// Fixture for tst_layering: a core/ source that includes Qt and a ui/ header (two offences).
#include "viewer/Widget.h"

#include <QString>
