// Fixture for tst_layering: app/ may include ui/ and core/ (no offence).
#pragma once
#include "image/Volume.h"
#include "viewer/Widget.h"
