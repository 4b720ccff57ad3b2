// The command scaffold in-process: how flags are parsed and refused, and the help's layout. What the built
// binary prints and exits with is pinned end to end in tests/e2e/cli_test.cpp.
#include <gtest/gtest.h>

#include "cli/scaffold.hpp"

namespace ks::cli {
namespace {

CommandSpec demo(bool dry_run = true) {
  return {
      .path = "demo run",
      .summary = "Run the demo",
      .flags = {Flag::text("name", "NAME", "The demo's name"), Flag::list_of("items", "ITEM,...", "Items"),
                Flag::boolean("fix", "Repair")},
      .dry_run = dry_run,
      .run = [](Context&) -> Status { return {}; },
  };
}

TEST(CliScaffold, ParsesTheCommandsFlagsAndTheCommonOnes) {
  std::vector<std::string> args = {"--name", "a",  "--items", "x,y",       "--items=z",  "--fix",
                                   "--v=2",  "-o", "json",    "--dry-run", "--root-dir", "/srv/node"};
  auto parsed = parse_flags(demo(), args);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->text("name"), "a");
  EXPECT_EQ(parsed->list("items"), (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_TRUE(parsed->has("fix"));
  EXPECT_EQ(parsed->text("verbose"), "2");  // kubeadm's --v
  EXPECT_EQ(parsed->text("output"), "json");
  EXPECT_TRUE(parsed->has("dry-run"));
  EXPECT_EQ(parsed->text("root-dir"), "/srv/node");
  EXPECT_FALSE(parsed->text("missing"));
  EXPECT_EQ(parsed->given, (std::vector<std::string>{"name", "items", "items", "fix", "verbose", "output",
                                                     "dry-run", "root-dir"}));
  EXPECT_TRUE(parsed->arguments.empty());
}

TEST(CliScaffold, TheLastValueWinsAndOnOffFlagsTakeAnExplicitValue) {
  auto parsed =
      parse_flags(demo(), std::vector<std::string>{"--name", "a", "--name=b", "--fix=false", "-v", "1"});
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->text("name"), "b");
  EXPECT_FALSE(parsed->has("fix"));
  EXPECT_EQ(parsed->text("verbose"), "1");
}

TEST(CliScaffold, RefusesWhatItDoesNotKnowNamingTheFlag) {
  struct Case {
    std::vector<std::string> args;
    bool dry_run;
    std::string why;
  };
  std::vector<Case> cases = {
      {{"--nope"}, true, "unknown flag --nope"},
      {{"--nope=1"}, true, "unknown flag --nope"},
      {{"-x"}, true, "unknown flag -x"},
      {{"--name"}, true, "flag --name needs a value"},
      {{"--dry-run"}, false, "unknown flag --dry-run"},  // only where the command has it
      {{"extra"}, true, "unexpected argument \"extra\": it takes flags only"},
      {{"--fix=maybe"}, true, "--fix \"maybe\": expected true or false"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_flags(demo(c.dry_run), c.args);
    ASSERT_FALSE(parsed) << c.why;
    EXPECT_EQ(parsed.error().kind, ErrorKind::InvalidInput);
    EXPECT_EQ(parsed.error().what, "kubestrap demo run");
    EXPECT_EQ(parsed.error().why, c.why);
    EXPECT_EQ(parsed.error().fix, "see 'kubestrap demo run --help'");
    EXPECT_EQ(exit_code(parsed.error().kind), 3);
  }
}

TEST(CliScaffold, PositionalArgumentsOnlyWhereTheCommandTakesThem) {
  auto spec = demo();
  spec.arguments = "<phase>";
  auto parsed = parse_flags(spec, std::vector<std::string>{"certs", "--fix", "ca", "--", "--name"});
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->arguments, (std::vector<std::string>{"certs", "ca", "--name"}));
  EXPECT_FALSE(parsed->has("name"));
}

TEST(CliScaffold, HelpHasOneLayout) {
  auto help = help_text(demo());
  auto at = [&](std::string_view text) { return help.find(text); };
  EXPECT_EQ(at("Run the demo.\n\nUsage:\n  kubestrap demo run [flags]\n"), 0u) << help;
  EXPECT_LT(at("Flags:\n      --name NAME "), at("Common flags:\n      --dry-run ")) << help;
  for (const auto* line :
       {"      --items ITEM,...", "      --fix ", "      --root-dir DIR ", "  -o, --output text|json|yaml ",
        "  -v, --verbose 0|1|2 ", "  -h, --help ", "\nExit codes: 0 success"})
    EXPECT_NE(at(line), std::string::npos) << line << "\n" << help;
  EXPECT_EQ(help_text(demo(false)).find("--dry-run"), std::string::npos);
}

TEST(CliScaffold, TheRequestedOutputIsFoundBeforeParsing) {
  using Args = std::vector<std::string>;
  EXPECT_EQ(requested_output(Args{"--nope", "-o", "json"}), OutputFormat::Json);
  EXPECT_EQ(requested_output(Args{"--output=json"}), OutputFormat::Json);
  EXPECT_EQ(requested_output(Args{"-ojson"}), OutputFormat::Json);
  EXPECT_EQ(requested_output(Args{"-o", "json", "-o", "text"}), OutputFormat::Text);  // the last one wins
  EXPECT_EQ(requested_output(Args{"--", "-o", "json"}), OutputFormat::Text);
  EXPECT_EQ(requested_output(Args{}), OutputFormat::Text);
}

}  // namespace
}  // namespace ks::cli
