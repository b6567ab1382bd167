// Framing of the result channel: 4-byte big-endian length, then the payload.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/frame.hpp"

namespace dbtest::unit {
namespace {

using protocol::encode_frame;
using protocol::FrameDecoder;
using protocol::FrameError;
using protocol::kMaxFrameBytes;
using protocol::kStartMarker;

std::vector<std::string> drain(FrameDecoder& decoder) {
  std::vector<std::string> out;
  while (auto payload = decoder.next()) out.push_back(*payload);
  return out;
}

void feed(FrameDecoder& decoder, const std::string& bytes) { decoder.feed(bytes.data(), bytes.size()); }

std::string header(std::uint32_t n) {
  return {static_cast<char>(n >> 24), static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 8) & 0xff),
          static_cast<char>(n & 0xff)};
}

TEST(Frame, StartsWithTheBigEndianLength) {
  const std::string frame = encode_frame(std::string(0x010203, 'x'));
  ASSERT_EQ(frame.size(), 4u + 0x010203u);
  EXPECT_EQ(frame.substr(0, 4), std::string("\x00\x01\x02\x03", 4));
  EXPECT_EQ(encode_frame("hi"), std::string("\x00\x00\x00\x02hi", 6));
}

TEST(Frame, RoundTripsAPayload) {
  FrameDecoder decoder;
  feed(decoder, encode_frame(R"({"type":"hello"})"));
  auto payload = decoder.next();
  ASSERT_TRUE(payload);
  EXPECT_EQ(*payload, R"({"type":"hello"})");
  EXPECT_FALSE(decoder.next());
  EXPECT_EQ(decoder.pending(), 0u);
}

TEST(Frame, CarriesAnyByteIncludingNulAndNewline) {
  std::string payload;
  for (int c = 0; c < 256; ++c) payload.push_back(static_cast<char>(c));
  FrameDecoder decoder;
  feed(decoder, encode_frame(payload));
  EXPECT_EQ(decoder.next(), payload);
}

TEST(Frame, EmptyPayloadIsAFrameOfItsOwn) {
  const std::string frame = encode_frame("");
  EXPECT_EQ(frame, std::string(4, '\0'));
  FrameDecoder decoder;
  feed(decoder, frame + encode_frame("after"));
  auto first = decoder.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, "");
  EXPECT_EQ(decoder.next(), "after");
}

TEST(Frame, ReassemblesAPayloadSplitAtEveryByteBoundary) {
  const std::string payload = R"({"type":"test_finished","name":"Orders.CreatesOrder","text":"é\u0000"})";
  const std::string frame = encode_frame(payload);
  for (std::size_t cut = 0; cut <= frame.size(); ++cut) {
    FrameDecoder decoder;
    feed(decoder, frame.substr(0, cut));
    if (cut < frame.size()) {
      EXPECT_FALSE(decoder.next()) << "cut at " << cut;
      EXPECT_EQ(decoder.pending(), cut);
    }
    feed(decoder, frame.substr(cut));
    EXPECT_EQ(decoder.next(), payload) << "cut at " << cut;
    EXPECT_FALSE(decoder.next());
    EXPECT_EQ(decoder.pending(), 0u);
  }
}

TEST(Frame, ReassemblesAStreamFedOneByteAtATime) {
  std::vector<std::string> payloads = {"one", "", std::string(300, 'z'), "four"};
  std::string stream;
  for (const auto& p : payloads) stream += encode_frame(p);
  FrameDecoder decoder;
  std::vector<std::string> got;
  for (char c : stream) {
    decoder.feed(&c, 1);
    for (auto& p : drain(decoder)) got.push_back(p);
  }
  EXPECT_EQ(got, payloads);
  EXPECT_EQ(decoder.pending(), 0u);
}

TEST(Frame, DecodesSeveralFramesFromOneFeed) {
  FrameDecoder decoder;
  feed(decoder, encode_frame("a") + encode_frame("bb") + encode_frame("ccc") + encode_frame("dd").substr(0, 3));
  EXPECT_EQ(drain(decoder), (std::vector<std::string>{"a", "bb", "ccc"}));
  EXPECT_EQ(decoder.pending(), 3u);
  feed(decoder, encode_frame("dd").substr(3));
  EXPECT_EQ(drain(decoder), (std::vector<std::string>{"dd"}));
}

TEST(Frame, KeepsWorkingAcrossManyFeeds) {
  // Consumed bytes are dropped now and then; the stream must survive that.
  FrameDecoder decoder;
  for (int i = 0; i < 1000; ++i) {
    const std::string payload = "message " + std::to_string(i);
    const std::string frame = encode_frame(payload);
    feed(decoder, frame.substr(0, 5));
    feed(decoder, frame.substr(5));
    ASSERT_EQ(decoder.next(), payload);
  }
  EXPECT_EQ(decoder.pending(), 0u);
}

TEST(Frame, OversizeLengthIsAFrameError) {
  FrameDecoder decoder;
  feed(decoder, header(kMaxFrameBytes + 1) + "xx");
  EXPECT_THROW(decoder.next(), FrameError);

  FrameDecoder garbage;
  feed(garbage, "\xff\xff\xff\xff");
  EXPECT_THROW(garbage.next(), FrameError);
}

TEST(Frame, LengthOfExactlyTheMaximumIsAcceptedAndWaitedFor) {
  FrameDecoder decoder;
  feed(decoder, header(kMaxFrameBytes) + "partial");
  EXPECT_FALSE(decoder.next());
  EXPECT_EQ(decoder.pending(), 4u + 7u);
}

TEST(Frame, IncompleteHeaderWaitsForMore) {
  FrameDecoder decoder;
  feed(decoder, std::string("\x00\x00", 2));
  EXPECT_FALSE(decoder.next());
  EXPECT_EQ(decoder.pending(), 2u);
}

TEST(Frame, PlainDecoderDoesNotWaitForTheStartMarker) {
  FrameDecoder decoder;
  feed(decoder, encode_frame("now"));
  EXPECT_EQ(decoder.next(), "now");
  EXPECT_EQ(decoder.preamble(), "");
}

TEST(Frame, BytesBeforeTheStartMarkerAreThePreamble) {
  FrameDecoder decoder(true);
  feed(decoder, "printed by a static initialiser\n" + std::string(kStartMarker) + encode_frame("first") +
                    encode_frame("second"));
  EXPECT_EQ(drain(decoder), (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(decoder.preamble(), "printed by a static initialiser\n");
}

TEST(Frame, StartMarkerWithoutPreamble) {
  FrameDecoder decoder(true);
  feed(decoder, std::string(kStartMarker) + encode_frame(""));
  EXPECT_EQ(decoder.next(), "");
  EXPECT_EQ(decoder.preamble(), "");
}

TEST(Frame, NothingIsAFrameBeforeTheStartMarker) {
  FrameDecoder decoder(true);
  const std::string early = encode_frame("looks like a frame");
  feed(decoder, early);
  EXPECT_FALSE(decoder.next());
  feed(decoder, std::string(kStartMarker) + encode_frame("real"));
  EXPECT_EQ(drain(decoder), (std::vector<std::string>{"real"}));
  EXPECT_EQ(decoder.preamble(), early);
}

TEST(Frame, StartMarkerSplitAtEveryByteBoundary) {
  const std::string preamble = "noise \0 with a NUL and dbtest-channel words\n";
  const std::string stream = preamble + std::string(kStartMarker) + encode_frame("payload") + encode_frame("more");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    FrameDecoder decoder(true);
    feed(decoder, stream.substr(0, cut));
    std::vector<std::string> got = drain(decoder);
    feed(decoder, stream.substr(cut));
    for (auto& p : drain(decoder)) got.push_back(p);
    EXPECT_EQ(got, (std::vector<std::string>{"payload", "more"})) << "cut at " << cut;
    EXPECT_EQ(decoder.preamble(), preamble) << "cut at " << cut;
    EXPECT_EQ(decoder.pending(), 0u) << "cut at " << cut;
  }
}

TEST(Frame, StartMarkerFedOneByteAtATime) {
  const std::string preamble(100, 'p');
  const std::string stream = preamble + std::string(kStartMarker) + encode_frame("payload");
  FrameDecoder decoder(true);
  std::vector<std::string> got;
  for (char c : stream) {
    decoder.feed(&c, 1);
    for (auto& p : drain(decoder)) got.push_back(p);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"payload"}));
  EXPECT_EQ(decoder.preamble(), preamble);
}

TEST(Frame, PreambleIsKeptUpTo64KiB) {
  FrameDecoder decoder(true);
  const std::string flood(100 * 1024, 'p');
  for (std::size_t i = 0; i < flood.size(); i += 4096) feed(decoder, flood.substr(i, 4096));
  feed(decoder, std::string(kStartMarker) + encode_frame("after the flood"));
  EXPECT_EQ(decoder.next(), "after the flood");
  EXPECT_EQ(decoder.preamble(), std::string(64 * 1024, 'p'));
}

TEST(Frame, MarkerBytesInsideAPayloadAreData) {
  FrameDecoder decoder(true);
  const std::string payload = "a" + std::string(kStartMarker) + "b";
  feed(decoder, std::string(kStartMarker) + encode_frame(payload) + encode_frame("next"));
  EXPECT_EQ(drain(decoder), (std::vector<std::string>{payload, "next"}));
}

}  // namespace
}  // namespace dbtest::unit
