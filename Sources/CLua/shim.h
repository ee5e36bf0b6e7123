// coprod — co-production toolkit. Apache-2.0.
//
// Debian's Lua 5.4 headers, plus static-inline wrappers for the API macros Swift cannot call.
#ifndef COPROD_CLUA_SHIM_H
#define COPROD_CLUA_SHIM_H
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>

static inline void clua_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline void clua_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
static inline const char *clua_tostring(lua_State *L, int i) { return lua_tolstring(L, i, NULL); }
static inline lua_Number clua_tonumber(lua_State *L, int i) { return lua_tonumberx(L, i, NULL); }
static inline lua_Integer clua_tointeger(lua_State *L, int i) { return lua_tointegerx(L, i, NULL); }
static inline int clua_isnil(lua_State *L, int i) { return lua_type(L, i) == LUA_TNIL; }
static inline int clua_istable(lua_State *L, int i) { return lua_type(L, i) == LUA_TTABLE; }
static inline int clua_isfunction(lua_State *L, int i) { return lua_type(L, i) == LUA_TFUNCTION; }
static inline void clua_insert(lua_State *L, int i) { lua_rotate(L, i, 1); }
static inline void clua_remove(lua_State *L, int i) { lua_rotate(L, i, -1); lua_settop(L, -2); }
static inline int clua_upvalueindex(int i) { return LUA_REGISTRYINDEX - i; }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void clua_pushglobaltable(lua_State *L) { lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); }
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
  return lua_pcallk(L, nargs, nresults, msgh, 0, NULL);
}
#endif
