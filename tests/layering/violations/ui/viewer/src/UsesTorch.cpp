// Fixture for tst_layering: a ui/ source that includes torch and OpenCV (two offences).
#include <opencv2/core.hpp>
#include <torch/torch.h>
