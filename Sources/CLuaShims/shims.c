// coprod — co-production toolkit. Apache-2.0.

#include "shims_internal.h"

#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// MARK: - Clock

double coprod_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

coprod_limits *coprod_limits_of(lua_State *L) {
  void *ud = NULL;
  lua_getallocf(L, &ud);
  return (coprod_limits *)ud;
}

#define limits_of coprod_limits_of

// MARK: - Allocator

// Lua retries a refused allocation once after a full collection; only a refusal of that
// retry is a real "limit reached", which limit-aware pcall then refuses to swallow.
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  coprod_limits *lim = (coprod_limits *)ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    lim->memory_used -= old;
    return NULL;
  }
  if (nsize > old && lim->memory_limit > 0 && lim->host_bypass == 0 &&
      lim->memory_used - old + nsize > lim->memory_limit) {
    if (lim->refused_pending) lim->tripped = lim->tripped ? lim->tripped : COPROD_LIMIT_MEMORY;
    lim->refused_pending = 1;
    return NULL;
  }
  void *block = realloc(ptr, nsize);
  if (block == NULL) {
    if (lim->host_bypass > 0) {
      fputs("coprod: out of memory while preparing plugin data\n", stderr);
      abort();
    }
    return NULL;
  }
  lim->refused_pending = 0;
  lim->memory_used = lim->memory_used - old + nsize;
  if (lim->memory_used > lim->memory_peak) lim->memory_peak = lim->memory_used;
  return block;
}

static int panic_handler(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "coprod: internal error: unprotected Lua error: %s\n", msg ? msg : "?");
  abort();
  return 0;
}

// MARK: - Limits: hook and raising

#define HOOK_EVERY 1000

static void hook(lua_State *L, lua_Debug *ar);

static int raise_limit(lua_State *L, lua_Debug *ar) {
  coprod_limits *lim = limits_of(L);
  // From now on every line and instruction of every coroutine raises again, so no handler
  // can keep running after a limit.
  lua_sethook(L, hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
  const char *what = lim->tripped == COPROD_LIMIT_TIME ? "time limit exceeded"
                   : lim->tripped == COPROD_LIMIT_MEMORY ? "memory limit exceeded"
                   : "instruction limit exceeded";
  if (ar != NULL && lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
    lua_pushfstring(L, "%s:%d: %s", ar->short_src, ar->currentline, what);
  } else {
    lua_pushstring(L, what);
  }
  return lua_error(L);
}

// Raises the error of the limit already tripped, at the innermost Lua function on the stack
// (for limits found inside C functions, whose own frame has no line).
int coprod_raise_tripped(lua_State *L) {
  lua_Debug ar;
  for (int level = 0; lua_getstack(L, level, &ar); level++) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) return raise_limit(L, &ar);
  }
  return raise_limit(L, NULL);
}

void coprod_charge(lua_State *L, size_t units) {
  coprod_limits *lim = limits_of(L);
  lim->c_pending += units;
  if (lim->c_pending < COPROD_CHARGE_EVERY && !lim->tripped) return;
  lim->instructions_used += (long long)lim->c_pending;
  lim->c_pending = 0;
  if (!lim->tripped) {
    if (lim->instruction_limit > 0 && lim->instructions_used > lim->instruction_limit) {
      lim->tripped = COPROD_LIMIT_INSTRUCTIONS;
    } else if (lim->deadline > 0 && coprod_now() > lim->deadline) {
      lim->tripped = COPROD_LIMIT_TIME;
    }
  }
  if (lim->tripped) coprod_raise_tripped(L);
}

void coprod_check_deadline(lua_State *L) {
  coprod_limits *lim = limits_of(L);
  if (!lim->tripped && lim->deadline > 0 && coprod_now() > lim->deadline) lim->tripped = COPROD_LIMIT_TIME;
  if (lim->tripped) coprod_raise_tripped(L);
}

void coprod_check_memory(lua_State *L, size_t bytes) {
  coprod_limits *lim = limits_of(L);
  if (lim->memory_limit == 0 || lim->host_bypass > 0) return;
  size_t free_bytes = lim->memory_used < lim->memory_limit ? lim->memory_limit - lim->memory_used : 0;
  if (bytes > free_bytes) {
    lim->tripped = lim->tripped ? lim->tripped : COPROD_LIMIT_MEMORY;
    coprod_raise_tripped(L);
  }
}

static void hook(lua_State *L, lua_Debug *ar) {
  coprod_limits *lim = limits_of(L);
  if (lim->tripped) { raise_limit(L, ar); return; }
  if (ar->event != LUA_HOOKCOUNT) return;
  lim->instructions_used += HOOK_EVERY;
  if (lim->instruction_limit > 0 && lim->instructions_used > lim->instruction_limit) {
    lim->tripped = COPROD_LIMIT_INSTRUCTIONS;
  } else if (lim->deadline > 0 && coprod_now() > lim->deadline) {
    lim->tripped = COPROD_LIMIT_TIME;
  }
  if (lim->tripped) raise_limit(L, ar);
}

lua_State *coprod_newstate(coprod_limits *limits) {
  lua_State *L = lua_newstate(capped_alloc, limits);
  if (L == NULL) return NULL;
  lua_atpanic(L, panic_handler);
  lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
  return L;
}

// After a protected call inside the plugin: a limit error is re-raised, never swallowed. A
// limit error with a message (on top) keeps it, and so the place where the limit was hit; a
// refused allocation ("not enough memory") is raised again where the plugin caught it.
static void check_limit_after(lua_State *L, int status) {
  coprod_limits *lim = limits_of(L);
  if (status == LUA_ERRMEM && !lim->tripped) lim->tripped = COPROD_LIMIT_MEMORY;
  if (!lim->tripped) return;
  if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
    lua_sethook(L, hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
    lua_error(L);
  }
  coprod_raise_tripped(L);
}

// MARK: - Limit-aware pcall and xpcall (after lbaselib.c)

static int finish_pcall(lua_State *L, int status, lua_KContext extra) {
  if (status != LUA_OK && status != LUA_YIELD) {
    check_limit_after(L, status);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - (int)extra;
}

static int safe_pcall(lua_State *L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
  return finish_pcall(L, status, 0);
}

// The user's message handler runs only while no limit has been hit: a handler called for a
// limit error (possibly from inside the hook, where hooks are off) returns the error as is.
static int checked_handler(lua_State *L) {
  if (limits_of(L)->tripped) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int safe_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, checked_handler, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
  return finish_pcall(L, status, 2);
}

// MARK: - Limit-aware coroutines (after lcorolib.c)

static lua_State *get_co(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  luaL_argexpected(L, co, 1, "coroutine");
  return co;
}

static int aux_resume(lua_State *L, lua_State *co, int narg) {
  int status, nres;
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  lua_xmove(L, co, narg);
  status = lua_resume(co, L, narg, &nres);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (!lua_checkstack(L, nres + 1)) {
      lua_pop(co, nres);
      lua_pushliteral(L, "too many results to resume");
      return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
  }
  lua_xmove(co, L, 1);
  check_limit_after(L, status);
  return -1;
}

static int safe_resume(lua_State *L) {
  lua_State *co = get_co(L);
  int r = aux_resume(L, co, lua_gettop(L) - 1);
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(r + 1));
  return r + 1;
}

static int safe_auxwrap(lua_State *L) {
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  int r = aux_resume(L, co, lua_gettop(L));
  if (r < 0) {
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) {
#if LUA_VERSION_RELEASE_NUM >= 50406
      lua_closethread(co, L);
#else
      lua_resetthread(co);
#endif
      lua_xmove(co, L, 1);
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    return lua_error(L);
  }
  return r;
}

static int safe_wrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State *NL = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, NL, 1);
  lua_pushcclosure(L, safe_auxwrap, 1);
  return 1;
}

// coroutine.close runs the coroutine's pending to-be-closed variables; a limit reached in one
// of them is re-raised instead of being returned as close's error value.
static int safe_close(lua_State *L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  check_limit_after(L, LUA_ERRRUN);  // close's error value, if any, is on top
  return lua_gettop(L);
}

// MARK: - Other replacements

static int lua_rawgetfield_gc(lua_State *L);

static int safe_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (t == LUA_TTABLE && lua_rawgetfield_gc(L)) {
    return luaL_error(L, "__gc metamethods are not allowed in plugins");
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
    return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

static int safe_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") != 0)
    return luaL_error(L, "collectgarbage(\"%s\") is not allowed in plugins; only \"count\" is", opt);
  int k = lua_gc(L, LUA_GCCOUNT, 0);
  int b = lua_gc(L, LUA_GCCOUNTB, 0);
  lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
  return 1;
}

// MARK: - load (after lbaselib.c)

// load(chunk [, chunkname [, mode [, env]]]): text only, whatever mode says; env defaults to
// the globals. The parser is C, so a chunk string is handed to it in pieces, and each piece
// (and each call of a reader function) is charged: a huge chunk cannot parse past the
// deadline. A limit reached while parsing is raised, not returned as load's error value.
#define LOAD_PIECE (64 * 1024)
#define RESERVEDSLOT 5

typedef struct { const char *next; size_t left; } load_pieces;

static const char *piece_reader(lua_State *L, void *ud, size_t *size) {
  load_pieces *pieces = (load_pieces *)ud;
  const char *piece = pieces->next;
  *size = pieces->left < LOAD_PIECE ? pieces->left : LOAD_PIECE;
  if (*size == 0) return NULL;
  pieces->next += *size;
  pieces->left -= *size;
  coprod_charge(L, *size / 1024);
  coprod_check_deadline(L);  // parsing a piece is long enough to look at the clock each time
  return piece;
}

static const char *function_reader(lua_State *L, void *ud, size_t *size) {
  (void)ud;
  coprod_charge(L, 1);
  luaL_checkstack(L, 2, "too many nested functions");
  lua_pushvalue(L, 1);
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    *size = 0;
    return NULL;
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "reader function must return a string");
  }
  lua_replace(L, RESERVEDSLOT);
  return lua_tolstring(L, RESERVEDSLOT, size);
}

static int safe_load(lua_State *L) {
  int status;
  size_t length;
  const char *text = lua_tolstring(L, 1, &length);
  int env = !lua_isnone(L, 4) ? 4 : 0;
  if (text != NULL) {
    const char *chunkname = luaL_optstring(L, 2, text);
    load_pieces pieces = {text, length};
    status = lua_load(L, piece_reader, &pieces, chunkname, "t");
  } else {
    const char *chunkname = luaL_optstring(L, 2, "=(load)");
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, RESERVEDSLOT);
    status = lua_load(L, function_reader, NULL, chunkname, "t");
  }
  check_limit_after(L, status);
  if (status != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  if (env != 0) {
    lua_pushvalue(L, env);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

// MARK: - Sandbox

static void copy_fields(lua_State *L, int from, int to, const char *const *names) {
  from = lua_absindex(L, from);
  to = lua_absindex(L, to);
  for (; *names; names++) {
    lua_getfield(L, from, *names);
    lua_setfield(L, to, *names);
  }
}

static void shallow_copy(lua_State *L, int from) {
  from = lua_absindex(L, from);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, from)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
}

static int open_sandbox(lua_State *L) {
  lua_Integer seed = lua_tointeger(L, 1);
  static const luaL_Reg libs[] = {
    {LUA_GNAME, luaopen_base}, {LUA_STRLIBNAME, luaopen_string},
    {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
    {NULL, NULL}};
  for (const luaL_Reg *lib = libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  int G = lua_gettop(L);

  // Remove what reaches the file system or the VM's internals.
  static const char *const removed[] = {"dofile", "loadfile", "print", "warn", "require", NULL};
  for (const char *const *name = removed; *name; name++) {
    lua_pushnil(L);
    lua_setfield(L, G, *name);
  }
  lua_pushcfunction(L, safe_pcall); lua_setfield(L, G, "pcall");
  lua_pushcfunction(L, safe_xpcall); lua_setfield(L, G, "xpcall");
  lua_pushcfunction(L, safe_setmetatable); lua_setfield(L, G, "setmetatable");
  lua_pushcfunction(L, safe_collectgarbage); lua_setfield(L, G, "collectgarbage");
  lua_pushcfunction(L, safe_load); lua_setfield(L, G, "load");

  // string: no dump, anywhere; limit-aware patterns and rep. Strings' metatable is locked
  // and indexes the original library; plugins get a copy, so changing their `string` cannot
  // change string methods.
  lua_getfield(L, G, "string");
  lua_pushnil(L); lua_setfield(L, -2, "dump");
  luaL_setfuncs(L, coprod_sandbox_string_functions, 0);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  shallow_copy(L, -1);
  lua_setfield(L, G, "string");
  lua_pop(L, 1);

  // math: seeded by the host; plugins cannot reseed.
  lua_getfield(L, G, "math");
  lua_getfield(L, -1, "randomseed");
  lua_pushinteger(L, seed);
  lua_call(L, 1, 0);
  lua_pushnil(L); lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);

  // table: limit-aware loops.
  lua_getfield(L, G, "table");
  luaL_setfuncs(L, coprod_sandbox_table_functions, 0);
  lua_pop(L, 1);

  // coroutine: resume, wrap and close keep limits uncatchable.
  lua_getfield(L, G, "coroutine");
  lua_pushcfunction(L, safe_resume); lua_setfield(L, -2, "resume");
  lua_pushcfunction(L, safe_wrap); lua_setfield(L, -2, "wrap");
  lua_getfield(L, -1, "close");
  lua_pushcclosure(L, safe_close, 1); lua_setfield(L, -2, "close");
  lua_pop(L, 1);

  // os: time, date, clock and difftime only.
  luaL_requiref(L, "os", luaopen_os, 0);
  lua_newtable(L);
  static const char *const os_allowed[] = {"time", "date", "clock", "difftime", NULL};
  copy_fields(L, -2, -1, os_allowed);
  lua_setfield(L, G, "os");
  lua_pop(L, 1);
  return 0;
}

// Pushes whether the metatable at index 2 has a __gc field (raw).
static int lua_rawgetfield_gc(lua_State *L) {
  lua_pushliteral(L, "__gc");
  int t = lua_rawget(L, 2);
  lua_pop(L, 1);
  return t != LUA_TNIL;
}

int coprod_open_sandbox(lua_State *L, lua_Integer seed) {
  lua_pushcfunction(L, open_sandbox);
  lua_pushinteger(L, seed);
  return coprod_pcall(L, 1, 0);
}

// MARK: - Trampoline

static coprod_dispatch_fn swift_dispatch = NULL;

void coprod_set_dispatch(coprod_dispatch_fn fn) { swift_dispatch = fn; }

// Every Lua→Swift call. Nothing runs in the host after a limit; the host works under the
// allocator's bypass with COPROD_HOST_HEADROOM free stack slots on the *calling* thread; and
// Swift only ever returns (a result count, or -1 with a message pushed): the raising is done
// here, after the Swift frame is gone.
static int trampoline(lua_State *L) {
  coprod_limits *lim = limits_of(L);
  if (lim->tripped) return coprod_raise_tripped(L);
  void *handler = lua_touserdata(L, lua_upvalueindex(1));
  lim->host_bypass++;
  int room = lua_checkstack(L, COPROD_HOST_HEADROOM);
  int n = room ? swift_dispatch(L, handler) : 0;
  lim->host_bypass--;
  // Swift has returned: raising is safe now.
  if (!room) return luaL_error(L, "stack overflow (no room for a call to the host)");
  if (n < 0) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
  }
  if (lim->memory_limit > 0 && lim->memory_used > lim->memory_limit) {
    lim->tripped = COPROD_LIMIT_MEMORY;
    lua_Debug ar;
    return raise_limit(L, lua_getstack(L, 1, &ar) ? &ar : NULL);
  }
  return n;
}

void coprod_push_function(lua_State *L, void *handler) {
  lua_pushlightuserdata(L, handler);
  lua_pushcclosure(L, trampoline, 1);
}

// MARK: - Protected calls from the host

#define TRACEBACK_KEY "coprod.traceback"

/// Records the plugin's own Lua frames at the error, innermost first, each after a \x01
/// ("file:line: in function 'name'"), in the registry for coprod_push_traceback; C functions
/// and the host's chunks (named "coprod…") are left out, and nothing is recorded after a
/// limit. The message on top of the stack is left as it is. Returns 1.
static int record_plugin_frames(lua_State *L) {
  if (limits_of(L)->tripped) return 1;
  luaL_Buffer b;
  lua_Debug ar;
  int frames = 0;
  luaL_buffinit(L, &b);
  for (int level = 1; frames < 8 && lua_getstack(L, level, &ar); level++) {
    lua_getinfo(L, "Sln", &ar);
    if (ar.currentline <= 0 || strncmp(ar.short_src, "coprod", 6) == 0) continue;
    if (ar.name != NULL)
      lua_pushfstring(L, "\x01%s:%d: in function '%s'", ar.short_src, ar.currentline, ar.name);
    else if (*ar.what == 'm')
      lua_pushfstring(L, "\x01%s:%d: in the file's main chunk", ar.short_src, ar.currentline);
    else
      lua_pushfstring(L, "\x01%s:%d: in a function defined at line %d", ar.short_src, ar.currentline, ar.linedefined);
    luaL_addvalue(&b);
    frames++;
  }
  luaL_pushresult(&b);
  lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
  return 1;
}

void coprod_push_traceback(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
  lua_pushboolean(L, 0);
  lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
}

/// Turns an error object into a message. Strings pass through (they carry "file:line: "
/// already); other values get the position of the innermost Lua function on the stack.
static int message_handler(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) return record_plugin_frames(L);
  if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return record_plugin_frames(L);
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: error raised with a %s value instead of a message", ar.short_src, ar.currentline, luaL_typename(L, 1));
      return 1;
    }
  }
  lua_pushfstring(L, "error raised with a %s value instead of a message", luaL_typename(L, 1));
  return 1;
}

int coprod_pcall(lua_State *L, int nargs, int nresults) {
  coprod_limits *lim = limits_of(L);
  int bypass = lim->host_bypass;
  int base = lua_gettop(L) - nargs;
  // The traceback slot keeps its key (false, never nil), so the handler never grows the registry.
  lua_pushboolean(L, 0);
  lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
  lua_pushcfunction(L, message_handler);
  lua_insert(L, base);
  int status = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  // Whatever happened inside, the host's bypass is what it was before the call.
  lim->host_bypass = bypass;
  return status;
}

// MARK: - Protected helpers for the host

static int next_helper(lua_State *L) {
  return lua_next(L, 1) ? 2 : 0;
}

int coprod_next(lua_State *L, int index) {
  index = lua_absindex(L, index);
  int base = lua_gettop(L) - 1;  // the key is on top
  lua_pushcfunction(L, next_helper);
  lua_pushvalue(L, index);
  lua_rotate(L, -3, 2);  // helper, table, key
  if (lua_pcall(L, 2, LUA_MULTRET, 0) != LUA_OK) return -1;
  return lua_gettop(L) > base ? 1 : 0;
}

int coprod_function_location(lua_State *L, char *buffer, size_t size) {
  lua_Debug ar;
  if (!lua_getinfo(L, ">S", &ar) || ar.linedefined <= 0) return 0;
  snprintf(buffer, size, "%s:%d", ar.short_src, ar.linedefined);
  return 1;
}

int coprod_load_source(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
  int status = luaL_loadbufferx(L, buffer, size, chunkname, "t");
  if (status != LUA_OK) return status;
  return LUA_OK;
}

// MARK: - Watchdog

#define WATCHDOG_SLOTS 64

static pthread_mutex_t watchdog_lock = PTHREAD_MUTEX_INITIALIZER;
static double watchdog_deadlines[WATCHDOG_SLOTS];
static char watchdog_messages[WATCHDOG_SLOTS][256];
static int watchdog_started = 0;

static void *watchdog_main(void *unused) {
  (void)unused;
  for (;;) {
    usleep(100 * 1000);
    double now = coprod_now();
    pthread_mutex_lock(&watchdog_lock);
    for (int slot = 0; slot < WATCHDOG_SLOTS; slot++) {
      if (watchdog_deadlines[slot] > 0 && now > watchdog_deadlines[slot]) {
        ssize_t ignored = write(2, watchdog_messages[slot], strlen(watchdog_messages[slot]));
        (void)ignored;
        _exit(2);
      }
    }
    pthread_mutex_unlock(&watchdog_lock);
  }
  return NULL;
}

int coprod_watchdog_arm(double deadline, const char *message) {
  pthread_mutex_lock(&watchdog_lock);
  int chosen = -1;
  for (int slot = 0; slot < WATCHDOG_SLOTS; slot++) {
    if (watchdog_deadlines[slot] == 0) { chosen = slot; break; }
  }
  if (chosen >= 0) {
    watchdog_deadlines[chosen] = deadline;
    snprintf(watchdog_messages[chosen], sizeof watchdog_messages[chosen], "%s\n", message);
  }
  if (!watchdog_started) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, watchdog_main, NULL) == 0) {
      pthread_detach(thread);
      watchdog_started = 1;
    }
  }
  pthread_mutex_unlock(&watchdog_lock);
  return chosen;
}

void coprod_watchdog_disarm(int slot) {
  if (slot < 0 || slot >= WATCHDOG_SLOTS) return;
  pthread_mutex_lock(&watchdog_lock);
  watchdog_deadlines[slot] = 0;
  pthread_mutex_unlock(&watchdog_lock);
}
