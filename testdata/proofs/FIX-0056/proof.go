// Proof for FIX-0056: a proto3 message with an optional field (which protoc
// turns into a synthetic oneof), built the way protoc-gen-go output builds it;
// the program calls WhichOneof on that oneof through protoreflect.
package main

import (
	"fmt"
	"reflect"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/runtime/protoimpl"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Item is what protoc-gen-go generates for
//
//	syntax = "proto3"; message Item { optional int32 count = 1; }
type Item struct {
	state         protoimpl.MessageState
	sizeCache     protoimpl.SizeCache
	unknownFields protoimpl.UnknownFields

	Count *int32 `protobuf:"varint,1,opt,name=count,proto3,oneof"`
}

var msgTypes = make([]protoimpl.MessageInfo, 1)

func (x *Item) Reset()         { *x = Item{} }
func (x *Item) String() string { return protoimpl.X.MessageStringOf(x) }
func (*Item) ProtoMessage()    {}
func (x *Item) ProtoReflect() protoreflect.Message {
	mi := &msgTypes[0]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

func init() {
	fd := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("fixlint/proof/item.proto"),
		Package: proto.String("fixlint.proof"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("Item"),
			Field: []*descriptorpb.FieldDescriptorProto{{
				Name:           proto.String("count"),
				Number:         proto.Int32(1),
				Label:          descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
				Type:           descriptorpb.FieldDescriptorProto_TYPE_INT32.Enum(),
				JsonName:       proto.String("count"),
				OneofIndex:     proto.Int32(0),
				Proto3Optional: proto.Bool(true),
			}},
			OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("_count")}},
		}},
	}
	raw, err := proto.Marshal(fd)
	if err != nil {
		panic(err)
	}
	msgTypes[0].OneofWrappers = []any{}
	protoimpl.TypeBuilder{
		File: protoimpl.DescBuilder{
			GoPackagePath: reflect.TypeOf(Item{}).PkgPath(),
			RawDescriptor: raw,
			NumMessages:   1,
		},
		GoTypes:           []any{(*Item)(nil)},
		DependencyIndexes: []int32{0, 0, 0, 0, 0},
		MessageInfos:      msgTypes,
	}.Build()
}

func which(m *Item) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("panic: %v", r)
		}
	}()
	pm := m.ProtoReflect()
	od := pm.Descriptor().Oneofs().ByName("_count")
	fd := pm.WhichOneof(od)
	if fd == nil {
		return fmt.Sprintf("synthetic=%v field=<nil>", od.IsSynthetic())
	}
	return fmt.Sprintf("synthetic=%v field=%s", od.IsSynthetic(), fd.Name())
}

func hasField(m *Item) string {
	pm := m.ProtoReflect()
	od := pm.Descriptor().Oneofs().ByName("_count")
	fd := od.Fields().Get(0)
	return fmt.Sprintf("Has(%s)=%v", fd.Name(), pm.Has(fd))
}

func main() {
	set := &Item{Count: proto.Int32(3)}
	fmt.Println("trigger WhichOneof(synthetic oneof), field set:", which(set))
	fmt.Println("trigger WhichOneof(synthetic oneof), field unset:", which(&Item{}))
	// Fix option: for a synthetic oneof, ask Has about its only field.
	fmt.Println("fix Has(the oneof's only field), field set:", hasField(set))
	fmt.Println("fix Has(the oneof's only field), field unset:", hasField(&Item{}))
}
