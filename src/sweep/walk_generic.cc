// The walk for any x86-64 CPU (see walk.inc).
#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "sweep/blocks.h"
#include "sweep/fields.h"
#include "sweep/ipv4.h"
#include "sweep/walk.h"

#define LIAISON_WALK_NS walk::generic
#include "sweep/walk.inc"
