// Fixture for tst_layering: a ui/ public header that includes the app's (one offence) and core's (allowed).
#pragma once
#include "gui/Window.h"
#include "image/Volume.h"
