#include "coprod_shims.h"
