-- nvim-diag.lua: headless Neovim as a real LSP client of fixlint lsp, for
-- the end-to-end test in nvim_test.go. Written for the Neovim 0.7 API,
-- which later versions still have.
--
-- The client is the user's set-up under test (FIXLINT_SETUP: the README's
-- Neovim snippet, run as an init.lua would run it). The harness only
-- watches: it wraps vim.lsp.start_client to learn the client's id and exit
-- status, and Neovim's own handlers to record what the client receives.
-- It opens the files, waits until each has received diagnostics and the
-- server has been quiet for a while, optionally asks for the code actions
-- of one line and presses K at some positions, writes what it saw as JSON
-- (the $/progress notifications, and what Neovim's statusline API made of
-- them, too), stops the server (shutdown, exit) and quits.
--
-- Environment:
--   FIXLINT_SETUP     a Lua file that starts and attaches fixlint lsp on
--                     the FileType event of Go and go.mod buffers (required)
--   FIXLINT_FILES     the files to open, a JSON list of absolute paths (required)
--   FIXLINT_OUT       where to write the JSON result (required)
--   FIXLINT_TIMEOUT   ms to wait for diagnostics (default 120000)
--   FIXLINT_SETTLE    ms without a new publish before finishing (default 1000)
--   FIXLINT_ACTION_FILE, FIXLINT_ACTION_LINE (0-based)
--                     ask for the code actions at the start of this line
--   FIXLINT_HOVERS    a JSON list of [file, line, byte column] (0-based):
--                     put the cursor there and press K (vim.lsp.buf.hover)
--   FIXLINT_SAVE      "1": once the first diagnostics are in, save every
--                     file (:write, so didSave) and wait for the diagnostics
--                     of the check that follows; the result then says
--                     whether the server was still running after it
--
-- Exit status: 0 done, 1 timed out (the JSON is written anyway), 2 a
-- usage or start-up error.

local env = vim.env

local function fail(msg)
  io.stderr:write('nvim-diag: ' .. msg .. '\n')
  vim.cmd('cquit 2')
end

for _, name in ipairs({ 'FIXLINT_SETUP', 'FIXLINT_FILES', 'FIXLINT_OUT' }) do
  if not env[name] or env[name] == '' then
    fail(name .. ' is not set')
    return
  end
end

local files = vim.fn.json_decode(env.FIXLINT_FILES)
local timeout = tonumber(env.FIXLINT_TIMEOUT or '') or 120000
local settle = tonumber(env.FIXLINT_SETTLE or '') or 1000

-- Keep buffers loaded when another file is opened in the window.
vim.o.hidden = true

local seen = {} -- uri -> { publishes = n, nonempty = bool }
local last_publish = nil
local messages = {}
local progress = {} -- the $/progress values, in order
local statusline = {} -- what vim.lsp.util.get_progress_messages() gave, at each LspProgressUpdate
local hover_replies = {} -- the hover handler's calls: { null = bool }
local exit_status = nil

-- wrap runs record, then Neovim's own handler for method.
local function wrap(method, record)
  local own = vim.lsp.handlers[method]
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    record(err, result)
    if own then
      return own(err, result, ctx, config)
    end
  end
end

wrap('textDocument/publishDiagnostics', function(_, result)
  local s = seen[result.uri] or { publishes = 0, nonempty = false }
  s.publishes = s.publishes + 1
  if #result.diagnostics > 0 then
    s.nonempty = true
  end
  seen[result.uri] = s
  last_publish = vim.loop.now()
end)
wrap('$/progress', function(_, result)
  local v = result.value or {}
  table.insert(progress, { token = result.token, kind = v.kind, title = v.title, message = v.message })
end)
wrap('textDocument/hover', function(err, result)
  table.insert(hover_replies, { null = result == nil, err = err and vim.inspect(err) or nil })
end)
wrap('window/logMessage', function(_, result)
  table.insert(messages, result.message)
end)
wrap('window/showMessage', function(_, result)
  table.insert(messages, result.message)
end)
vim.api.nvim_create_autocmd('User', {
  pattern = 'LspProgressUpdate',
  callback = function()
    for _, m in ipairs(vim.lsp.util.get_progress_messages()) do
      table.insert(statusline, { name = m.name, title = m.title, message = m.message, done = m.done or false })
    end
  end,
})

local client_id = nil
local start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  local on_exit = config.on_exit
  config.on_exit = function(code, signal, id)
    exit_status = { code = code, signal = signal }
    if on_exit then
      on_exit(code, signal, id)
    end
  end
  local id = start_client(config)
  client_id = client_id or id
  return id
end

local ok, err = pcall(dofile, env.FIXLINT_SETUP)
if not ok then
  fail('the set-up failed: ' .. tostring(err))
  return
end

local bufs = {}
for _, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  bufs[file] = vim.api.nvim_get_current_buf()
end
if not client_id then
  fail('the set-up started no client on the FileType events of the files (is filetype detection on?)')
  return
end
for file, bufnr in pairs(bufs) do
  if not vim.lsp.buf_is_attached(bufnr, client_id) then
    fail('the set-up did not attach the client to ' .. file)
    return
  end
end

local function all_published()
  for _, file in ipairs(files) do
    local s = seen[vim.uri_from_fname(file)]
    if not (s and s.nonempty) then
      return false
    end
  end
  return true
end

local start = vim.loop.now()
local done = vim.wait(timeout, function()
  if exit_status then
    return true
  end
  return all_published() and vim.loop.now() - last_publish >= settle
end, 50)
local timed_out = not done or not all_published()

-- Save every file and wait for the check the saves cause: each file gets
-- one more publish, then the server is quiet.
local saved = nil
if not timed_out and env.FIXLINT_SAVE == '1' then
  local before = {}
  for _, file in ipairs(files) do
    before[file] = seen[vim.uri_from_fname(file)].publishes
    vim.api.nvim_buf_call(bufs[file], function()
      vim.cmd('silent write')
    end)
  end
  local republished = function()
    for _, file in ipairs(files) do
      if seen[vim.uri_from_fname(file)].publishes <= before[file] then
        return false
      end
    end
    return true
  end
  local ok = vim.wait(timeout, function()
    if exit_status then
      return true
    end
    return republished() and vim.loop.now() - last_publish >= settle
  end, 50)
  saved = { republished = ok and republished(), alive = exit_status == nil }
  timed_out = not ok
end

local result = {
  root_dir = vim.lsp.get_client_by_id(client_id) and vim.lsp.get_client_by_id(client_id).config.root_dir,
  timed_out = timed_out,
  elapsed_ms = vim.loop.now() - start,
  files = {},
  actions = nil,
  messages = messages,
  progress = progress,
  statusline = statusline,
  saved = saved,
}

for _, file in ipairs(files) do
  local bufnr = bufs[file]
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    local href = nil
    if lsp.codeDescription then
      href = lsp.codeDescription.href
    end
    table.insert(diags, {
      lnum = d.lnum, -- 0-based, as Neovim stores them; columns in bytes
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code or lsp.code,
      href = href,
    })
  end
  local s = seen[vim.uri_from_fname(file)] or { publishes = 0 }
  result.files[file] = {
    filetype = vim.bo[bufnr].filetype,
    publishes = s.publishes,
    diagnostics = diags,
  }
end

-- The code actions of one line, as vim.lsp.buf.code_action() asks for them:
-- the cursor's position and the line's diagnostics.
local action_file, action_line = env.FIXLINT_ACTION_FILE, tonumber(env.FIXLINT_ACTION_LINE or '')
if not timed_out and action_file and action_line and bufs[action_file] then
  local bufnr = bufs[action_file]
  local ok, line_diags = pcall(vim.lsp.diagnostic.get_line_diagnostics, bufnr, action_line)
  if not ok then
    line_diags = {}
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = action_line, character = 0 }, ['end'] = { line = action_line, character = 0 } },
    context = { diagnostics = line_diags },
  }
  local client = vim.lsp.get_client_by_id(client_id)
  local resp, err = client.request_sync('textDocument/codeAction', params, 30000, bufnr)
  local actions = {}
  if resp and resp.result then
    for _, a in ipairs(resp.result) do
      local entry = { title = a.title, kind = a.kind }
      if a.command then
        entry.command = a.command.command
        entry.arguments = a.command.arguments
      end
      if a.edit and a.edit.changes then
        entry.edits = a.edit.changes
      end
      table.insert(actions, entry)
    end
  end
  result.actions = actions
  result.action_error = err or (resp and resp.err and vim.inspect(resp.err)) or nil
end

-- K (vim.lsp.buf.hover) at some positions: Neovim asks the server and
-- shows the reply in a floating window, whose lines are recorded; a null
-- reply (no finding there) shows nothing.
local function floats()
  local out = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      table.insert(out, win)
    end
  end
  return out
end
result.hovers = {}
local hovers = env.FIXLINT_HOVERS and vim.fn.json_decode(env.FIXLINT_HOVERS) or {}
for _, h in ipairs(timed_out and {} or hovers) do
  local file, line, col = h[1], h[2], h[3]
  local entry = { file = file, line = line, col = col }
  if bufs[file] then
    vim.api.nvim_set_current_buf(bufs[file])
    vim.api.nvim_win_set_cursor(0, { line + 1, col })
  end
  if bufs[file] and vim.tbl_isempty(vim.fn.maparg('K', 'n', false, true)) then
    -- Without the set-up's mapping, K would run man(1) (keywordprg).
    entry.err = 'K is not mapped in ' .. file
  elseif bufs[file] then
    local replies = #hover_replies
    vim.cmd('normal K') -- the set-up's mapping
    vim.wait(30000, function()
      return #hover_replies > replies and (hover_replies[#hover_replies].null or #floats() > 0)
    end, 50)
    local reply = hover_replies[replies + 1]
    entry.replied = reply ~= nil
    entry.null = reply and reply.null or false
    entry.err = reply and reply.err or nil
    for _, win in ipairs(floats()) do
      entry.lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
      entry.filetype = vim.bo[vim.api.nvim_win_get_buf(win)].filetype
      vim.api.nvim_win_close(win, true)
    end
  end
  table.insert(result.hovers, entry)
end

vim.lsp.stop_client(client_id)
vim.wait(10000, function()
  return exit_status ~= nil
end, 50)
result.server_exit = exit_status

local f = io.open(env.FIXLINT_OUT, 'w')
if not f then
  fail('cannot write ' .. env.FIXLINT_OUT)
  return
end
f:write(vim.fn.json_encode(result))
f:close()

if timed_out then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
