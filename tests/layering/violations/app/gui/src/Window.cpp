// Fixture for tst_layering: app/ must not include ITK (one offence).
#include "gui/Window.h"

#include <itkImage.h>
