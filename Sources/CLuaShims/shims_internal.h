// coprod — co-production toolkit. Apache-2.0.
//
// What the C files of the sandbox share with each other (not seen by Swift).
#ifndef COPROD_SHIMS_INTERNAL_H
#define COPROD_SHIMS_INTERNAL_H

#include "coprod_shims.h"

#include <lauxlib.h>

/// How many units of C library work (pattern steps, table elements, comparisons) are
/// charged at once: the instruction budget and the deadline are checked this often, the same
/// cadence as the count hook's.
#define COPROD_CHARGE_EVERY 1000

/// The limits of the run that owns `L` (the allocator's user data).
coprod_limits *coprod_limits_of(lua_State *L);

/// Charges `units` of work done inside a C library function to the instruction budget and,
/// every COPROD_CHARGE_EVERY units, checks the budget and the deadline. Raises the run's
/// limit error (never returns) once a limit has been reached, also when one was reached
/// earlier (so nothing keeps working after a limit). Only for C functions called from Lua.
void coprod_charge(lua_State *L, size_t units);

/// Raises the time-limit error if the deadline has passed (or the limit already tripped),
/// for C work too coarse to wait for COPROD_CHARGE_EVERY units. Only for C functions called
/// from Lua.
void coprod_check_deadline(lua_State *L);

/// Raises the memory-limit error at once if `bytes` more would not fit under the cap (so a
/// huge result fails fast instead of being built first). Only for C functions called from Lua.
void coprod_check_memory(lua_State *L, size_t bytes);

/// Raises the error of the limit already recorded in the run's limits, positioned at the
/// innermost Lua function on the stack.
int coprod_raise_tripped(lua_State *L);

/// The limit-aware string.find/match/gmatch/gsub/rep of sandbox_strlib.c (for luaL_setfuncs).
extern const luaL_Reg coprod_sandbox_string_functions[];

/// The limit-aware table.concat/insert/remove/move/sort of sandbox_tablib.c.
extern const luaL_Reg coprod_sandbox_table_functions[];

#endif
