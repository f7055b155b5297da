#ifndef SEQTHINK_CSODIUM_SHIM_H
#define SEQTHINK_CSODIUM_SHIM_H
#include <sodium.h>
#include "shim_x25519.h"
#include "shim_x25519_table.h"
#endif
